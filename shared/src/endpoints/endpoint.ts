import type { z } from 'zod';

/**
 * Who may call an endpoint: `authenticated` is anyone signed in, `staff` any agent or supervisor
 * (the workbench), `supervisor` supervisors only. Work orders add the responsible units:
 * `unit` their members (field staff and coordinators), `coordinator` coordinators only,
 * `dispatcher` whoever dispatches and checks orders (agents, supervisors, coordinators), and
 * `manager` those who open orders and notices themselves (supervisors, coordinators). `followup`
 * is follow-up (回访): the follow-up staff (回访员) and supervisors.
 */
export type Access =
  | 'public'
  | 'authenticated'
  | 'resident'
  | 'staff'
  | 'supervisor'
  | 'unit'
  | 'coordinator'
  | 'dispatcher'
  | 'manager'
  | 'followup';

/**
 * One HTTP endpoint of the BFF: its path, who may call it, and the schema of every part.
 * The BFF mounts handlers by these entries and validates with their schemas, the mini-program's
 * client is typed from them, and the OpenAPI document is generated from them.
 */
export interface Endpoint {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Koa-style path: `/api/accounts/:id`. */
  path: string;
  summary: string;
  access: Access;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  /** The success body; absent for 204 answers. */
  response?: z.ZodType;
  /** Success status when not 200 (201 for creations, 204 for no body). */
  status?: 200 | 201 | 202 | 204;
  /** Server-Sent Events instead of a JSON body. */
  stream?: boolean;
  /** Called by a provider's servers, not by the app (no JSON client). */
  external?: boolean;
  /**
   * The body is the bytes of one file, not JSON: an image (JPEG, PNG or WebP: photo uploads) or
   * a recorded clip (WebM/Opus, OGG, MP3, AAC or M4A: voice messages). The BFF tells by the bytes.
   */
  upload?: 'image' | 'audio';
  /** The answer is the bytes of an image or a recorded clip, not JSON. */
  binary?: 'image' | 'audio';
}
