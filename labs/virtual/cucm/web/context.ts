// What a page handler receives, and how routes are declared.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CucmServices } from '../services.ts';
import type { Session } from './session.ts';

export interface PageRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Query parameters, overridden by the form fields of a POST. */
  params: URLSearchParams;
  /** A logged-in session (the router sends everyone else to the login page). */
  session: Session;
  services: CucmServices;
}

export type PageHandler = (request: PageRequest) => void | Promise<void>;

export interface PageRoute {
  get?: PageHandler;
  post?: PageHandler;
}
