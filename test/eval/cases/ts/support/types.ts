// @ts-nocheck
export interface Ticket {
  id: string;
  subject: string;
  body: string;
}
