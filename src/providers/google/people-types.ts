/**
 * The parts of the People API's JSON this connector reads and writes (Person, its values, the
 * list and batch answers). Every field is optional because Google omits empty ones; values are
 * kept as open records so that keys the sync does not manage survive a read-modify-write.
 */

export interface FieldSource {
  type?: string;
  id?: string;
}

export interface FieldValue {
  metadata?: { primary?: boolean; source?: FieldSource };
  [key: string]: unknown;
}

export interface PersonSource extends FieldSource {
  etag?: string;
  updateTime?: string;
}

export interface PersonDate {
  year?: number;
  month?: number;
  day?: number;
}

export interface Person {
  resourceName?: string;
  etag?: string;
  metadata?: { sources?: PersonSource[]; previousResourceNames?: string[]; deleted?: boolean };
  names?: FieldValue[];
  organizations?: FieldValue[];
  birthdays?: FieldValue[];
  addresses?: FieldValue[];
  phoneNumbers?: FieldValue[];
  emailAddresses?: FieldValue[];
  urls?: FieldValue[];
  clientData?: FieldValue[];
  memberships?: FieldValue[];
  [key: string]: unknown;
}

export interface ListConnectionsResponse {
  connections?: Person[];
  nextPageToken?: string;
  nextSyncToken?: string;
  totalItems?: number;
}

/** A per-item `google.rpc.Status` inside a batch answer: `code` is the rpc code, not HTTP. */
export interface ItemStatus {
  code?: number;
  message?: string;
}

export interface PersonResponse {
  person?: Person;
  requestedResourceName?: string;
  status?: ItemStatus;
}

export interface BatchGetResponse {
  responses?: PersonResponse[];
}

export interface BatchCreateResponse {
  createdPeople?: PersonResponse[];
}

export interface BatchUpdateResponse {
  updateResult?: Record<string, PersonResponse>;
}
