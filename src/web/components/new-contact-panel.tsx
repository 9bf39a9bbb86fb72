import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ApiError, api, type Contact } from '../api.ts';
import { navigate } from '../router.tsx';
import {
  bodyFromForm,
  ContactForm,
  type ContactFormState,
  emptyForm,
  errorsByField,
} from './contact-form.tsx';

/** Creates a contact and opens its record. */
export function NewContactPanel({ onClose }: { onClose: () => void }) {
  const queryClient = useQueryClient();
  const heading = useRef<HTMLHeadingElement>(null);
  const [errors, setErrors] = useState(new Map<string, string>());
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => heading.current?.focus(), []);

  const create = useMutation({
    mutationFn: (form: ContactFormState) => {
      const { body, rows } = bodyFromForm(form);
      return api<Contact>('/api/contacts', { method: 'POST', body }).catch((error: unknown) => {
        if (error instanceof ApiError) setErrors(errorsByField(error.details, rows));
        throw error;
      });
    },
    onMutate: () => {
      setErrors(new Map());
      setFailure(null);
    },
    onSuccess: (contact) => {
      void queryClient.invalidateQueries({ queryKey: ['contacts'] });
      queryClient.setQueryData(['contact', contact.id], contact);
      navigate(`/contacts/${contact.id}`);
    },
    onError: (error) => {
      if (!(error instanceof ApiError) || error.details.length === 0) setFailure(error.message);
    },
  });

  return (
    <section className="panel" aria-labelledby="new-contact-heading">
      <h2 id="new-contact-heading" ref={heading} tabIndex={-1}>
        New contact
      </h2>
      <ContactForm
        initial={emptyForm()}
        errors={errors}
        busy={create.isPending}
        onSubmit={(form) => create.mutate(form)}
        onCancel={onClose}
        notice={
          failure && (
            <p className="message error" role="alert">
              {failure}
            </p>
          )
        }
      />
    </section>
  );
}
