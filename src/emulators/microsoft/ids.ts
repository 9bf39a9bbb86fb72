import { randomBytes } from 'node:crypto';

/*
 * Exchange ids are opaque base64 strings. Default ("REST") ids encode the folder, so they change
 * when an item moves; immutable ids do not. Both are URL-safe here, and case matters.
 */

const b64 = (bytes: number) => randomBytes(bytes).toString('base64url');

export const newRestId = () => `AAMkAGI2${b64(33)}AAA=`;
export const newImmutableId = () => `AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0A${b64(33)}AAA=`;
export const newFolderId = () => `AAMkAGI2AAEOAAA${b64(24)}AAA=`;
export const newChangeKey = () => `EQAAABYAAA${b64(18)}`;
export const newUserGuid = () => {
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
/** Personal (MSA) user ids are 16 hex characters; work accounts have GUIDs. */
export const newConsumerUserId = () => randomBytes(8).toString('hex');

/** The tenant of every personal Microsoft account. */
export const CONSUMER_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';
