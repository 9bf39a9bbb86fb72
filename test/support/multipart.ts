/** A multipart/form-data body with one file field, as a browser's file upload sends it. */
export function multipartFile(
  content: Buffer | string,
  fileName = 'contacts.csv',
  field = 'file',
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----contactsync${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, Buffer.isBuffer(content) ? content : Buffer.from(content), tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
