import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { errorFromBody, getCsrfToken, type ImportReport, type ImportRow } from '../api.ts';
import { describePath, formatNumber } from '../format.ts';
import { Link } from '../router.tsx';

type Upload =
  | { phase: 'idle' }
  | { phase: 'uploading'; loaded: number; total: number }
  | { phase: 'processing' }
  | { phase: 'done'; report: ImportReport }
  | { phase: 'failed'; message: string };

/** Sends the file with XMLHttpRequest because fetch reports no upload progress. */
function uploadFile(
  file: File,
  skipDuplicates: boolean,
  onProgress: (loaded: number, total: number) => void,
): Promise<ImportReport> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/imports?duplicates=${skipDuplicates ? 'skip' : 'flag'}`);
    xhr.responseType = 'json';
    xhr.setRequestHeader('accept', 'application/json');
    const csrf = getCsrfToken();
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (event) =>
      onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.response as ImportReport);
      else reject(errorFromBody(xhr.status, xhr.response));
    };
    xhr.onerror = () => reject(new Error('The upload failed: the server cannot be reached.'));
    const data = new FormData();
    data.append('file', file);
    xhr.send(data);
  });
}

export function ImportPanel({ onClose }: { onClose: () => void }) {
  const queryClient = useQueryClient();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [skipDuplicates, setSkipDuplicates] = useState(false);
  const [upload, setUpload] = useState<Upload>({ phase: 'idle' });
  useEffect(() => heading.current?.focus(), []);

  const busy = upload.phase === 'uploading' || upload.phase === 'processing';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setUpload({ phase: 'failed', message: 'Choose a CSV or vCard file first.' });
      return;
    }
    setUpload({ phase: 'uploading', loaded: 0, total: file.size });
    uploadFile(file, skipDuplicates, (loaded, total) =>
      setUpload(loaded >= total ? { phase: 'processing' } : { phase: 'uploading', loaded, total }),
    ).then(
      (report) => {
        setUpload({ phase: 'done', report });
        void queryClient.invalidateQueries({ queryKey: ['contacts'] });
      },
      (error: unknown) =>
        setUpload({
          phase: 'failed',
          message: error instanceof Error ? error.message : 'The import failed.',
        }),
    );
  };

  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} ref={heading} tabIndex={-1}>
        Import contacts
      </h2>
      <p>
        A CSV file (Google Contacts or Outlook export, or a plain table with a header row) or a vCard file.
        Each row is checked on its own: a bad row is reported and never stops the others.
      </p>
      <form className="stack" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-file`}>File</label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".csv,.vcf,.vcard,text/csv,text/vcard,text/x-vcard"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <div className="check">
          <input
            id={`${id}-skip`}
            type="checkbox"
            checked={skipDuplicates}
            onChange={(e) => setSkipDuplicates(e.target.checked)}
          />
          <label htmlFor={`${id}-skip`}>Skip likely duplicates (instead of creating and flagging them)</label>
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            Import
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            Close
          </button>
        </div>
      </form>
      <div aria-live="polite" className="upload-status">
        <UploadStatus upload={upload} />
      </div>
      {upload.phase === 'done' && <ImportReportView report={upload.report} />}
    </section>
  );
}

function UploadStatus({ upload }: { upload: Upload }) {
  switch (upload.phase) {
    case 'idle':
      return null;
    case 'uploading': {
      const percent = upload.total > 0 ? Math.round((upload.loaded / upload.total) * 100) : 0;
      return (
        <div className="progress">
          <progress aria-label="Upload progress" max={100} value={percent} />
          <span>Uploading… {percent} %</span>
        </div>
      );
    }
    case 'processing':
      return (
        <div className="progress">
          <progress aria-label="Upload progress" />
          <span>Uploaded; checking and saving the rows…</span>
        </div>
      );
    case 'done':
      return <p className="message success">Import finished.</p>;
    case 'failed':
      return (
        <p className="message error" role="alert">
          {upload.message}
        </p>
      );
  }
}

const OUTCOME_TEXT: Record<ImportRow['outcome'], string> = {
  created: 'Created',
  'flagged-duplicate': 'Created, likely duplicate',
  skipped: 'Skipped',
};

/** Rendering tens of thousands of rows would stall the page; the counts cover the rest. */
const MAX_ROWS_SHOWN = 1000;

function ImportReportView({ report }: { report: ImportReport }) {
  const [showAll, setShowAll] = useState(false);
  const needsLook = (row: ImportRow) => row.outcome !== 'created' || row.unmatchable === true;
  const rows = showAll ? report.rows : report.rows.filter(needsLook);
  const shown = rows.slice(0, MAX_ROWS_SHOWN);
  const { counts } = report;

  return (
    <div className="import-report">
      <h3>Report for {report.fileName}</h3>
      <dl className="counts">
        <div>
          <dt>Rows</dt>
          <dd>{formatNumber(counts.rows)}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatNumber(counts.created)}</dd>
        </div>
        <div>
          <dt>Likely duplicates</dt>
          <dd>{formatNumber(counts.flaggedDuplicate)}</dd>
        </div>
        <div>
          <dt>Skipped</dt>
          <dd>{formatNumber(counts.skipped)}</dd>
        </div>
        <div>
          <dt>Could not be checked for duplicates</dt>
          <dd>{formatNumber(counts.unmatchable)}</dd>
        </div>
      </dl>
      {counts.unmatchable > 0 && (
        <p className="hint">
          Rows without a first and last name plus an email or phone cannot be compared with other contacts, so
          they may be duplicates.
        </p>
      )}
      <div className="check">
        <input
          id="import-show-all"
          type="checkbox"
          checked={showAll}
          onChange={(e) => setShowAll(e.target.checked)}
        />
        <label htmlFor="import-show-all">Show every row, including the ones created without remarks</label>
      </div>
      {shown.length === 0 ? (
        <p>Every row was created; nothing needs a look.</p>
      ) : (
        // Scrolls sideways on a phone; focusable so the keyboard can scroll it too.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
        <section className="table-wrap" aria-label="Import rows" tabIndex={0}>
          <table>
            <caption className="sr-only">Import rows</caption>
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Outcome</th>
                <th scope="col">Contact</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => (
                <tr key={row.row}>
                  <td>{row.row}</td>
                  <td>{OUTCOME_TEXT[row.outcome]}</td>
                  <td>
                    {row.contactId ? (
                      <Link to={`/contacts/${row.contactId}`}>{row.label || 'Open'}</Link>
                    ) : (
                      (row.label ?? '')
                    )}
                  </td>
                  <td>{rowReason(row)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {rows.length > shown.length && (
        <p className="hint">
          Showing the first {formatNumber(MAX_ROWS_SHOWN)} of {formatNumber(rows.length)} rows.
        </p>
      )}
    </div>
  );
}

function rowReason(row: ImportRow): string {
  const parts: string[] = [];
  if (row.reason) {
    // A refused field is named as the form names it; the summary message would only repeat it.
    const fields = row.reason.details?.map((d) => `${describePath(d.path)}: ${d.message}`).join('; ');
    parts.push(fields || row.reason.message);
  }
  if (row.likelyDuplicateOf) {
    parts.push(
      'row' in row.likelyDuplicateOf
        ? `Same person as row ${row.likelyDuplicateOf.row}.`
        : 'Same person as an existing contact.',
    );
  }
  if (row.unmatchable)
    parts.push('Cannot be checked for duplicates (needs both names and an email or phone).');
  return parts.join(' ');
}
