import { z } from 'zod';
import {
  helpActorValues,
  helpCategoryValues,
  helpMessageKindValues,
  helpPriorityValues,
  helpStatusValues,
  satisfactionValues,
  VOICE_MAX_SECONDS,
} from '../enums-help';
import { ClientKey, Id, MobilePhone, Timestamp } from './common';
import { NoticeBrief } from './notices';

/**
 * What the app already knows when the help button is tapped: the page the resident was on and
 * the account, bill, payment or outlet in view. Every page passes its part to the help button;
 * the help request carries it so the agent sees the situation without asking.
 */
export const HelpPageContext = z.strictObject({
  page: z.string().trim().max(120).optional(),
  accountId: Id.optional(),
  billId: Id.optional(),
  paymentId: Id.optional(),
  outletId: Id.optional(),
});
export type HelpPageContext = z.infer<typeof HelpPageContext>;

/**
 * A location the resident allowed the app to read, in GCJ-02 degrees (the datum of WeChat's location
 * APIs, of the outlets and of the maps the workbench opens).
 */
export const HelpLocation = z.strictObject({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
});
export type HelpLocation = z.infer<typeof HelpLocation>;

const HelpText = z.string().trim().min(1, '请写几个字').max(500, '最多 500 个字');

/**
 * `POST /api/help`: `{}` is enough. Everything else is optional: a quick reason, a few words, what
 * the page had in view, the location if granted, and a phone to be called back on.
 */
export const CreateHelpBody = z.strictObject({
  /**
   * One key per tap, made by the app: a retry whose first answer was lost sends the same key and
   * gets the request already made, never a second one.
   */
  clientKey: ClientKey.optional(),
  category: z.enum(helpCategoryValues).optional(),
  text: HelpText.optional(),
  context: HelpPageContext.optional(),
  location: HelpLocation.optional(),
  callbackPhone: MobilePhone.optional(),
});
export type CreateHelpBody = z.infer<typeof CreateHelpBody>;

/**
 * `POST /api/help/:id/details`: the quick reason or words added after the one tap, or the
 * location the app found after it (only where the resident had already allowed location).
 */
export const HelpDetailsBody = z
  .strictObject({ category: z.enum(helpCategoryValues), text: HelpText, location: HelpLocation })
  .partial()
  .refine(
    (b) => b.category !== undefined || b.text !== undefined || b.location !== undefined,
    '请选一个原因或写几句话',
  );
export type HelpDetailsBody = z.infer<typeof HelpDetailsBody>;

/** A chat message, from the resident or an agent, or `POST /api/help/:id/messages`. */
export const HelpMessageBody = z.strictObject({
  text: z.string().trim().min(1, '请写几个字').max(1000, '最多 1000 个字'),
  /** The message's own key (the resident's app): sent again, it is answered with the message already posted. */
  clientKey: ClientKey.optional(),
});
export type HelpMessageBody = z.infer<typeof HelpMessageBody>;

/**
 * `POST /api/help/:id/voice?seconds=12`: the body is the recorded clip itself (WebM/Opus, OGG,
 * MP3, AAC or M4A: the BFF tells by its bytes). `seconds` is the length the recorder measured:
 * at least 1, at most 60 (a recorder that stopped a hair after 60 counts as 60).
 */
export const HelpVoiceQuery = z.object({
  seconds: z.coerce
    .number()
    .min(1, '说话时间太短了，请按住多说一会儿')
    .max(VOICE_MAX_SECONDS + 1, `语音最长 ${VOICE_MAX_SECONDS} 秒`)
    .transform((s) => Math.min(VOICE_MAX_SECONDS, Math.max(1, Math.round(s)))),
  /** The clip's own key: sent again, it is answered with the voice message already posted. */
  clientKey: ClientKey.optional(),
});
export type HelpVoiceQuery = z.infer<typeof HelpVoiceQuery>;

/** `POST /api/help/:id/callback`: call me back; without `phone` the profile's phone is used. */
export const HelpCallbackBody = z.strictObject({ phone: MobilePhone.optional() });
export type HelpCallbackBody = z.infer<typeof HelpCallbackBody>;

/** `POST /api/help/:id/survey`: answered once, after resolution. */
export const HelpSurveyBody = z.strictObject({
  onTime: z.boolean(),
  satisfaction: z.enum(satisfactionValues),
  suggestion: z.string().trim().max(500, '最多 500 个字').optional(),
});
export type HelpSurveyBody = z.infer<typeof HelpSurveyBody>;

/** An emergency number shown first and big for danger categories. */
export const EmergencyNumber = z.object({ name: z.string(), number: z.string() });
export type EmergencyNumber = z.infer<typeof EmergencyNumber>;

/** One chat message. Internal notes are never messages. */
export const HelpMessage = z.object({
  id: z.string(),
  from: z.enum(helpActorValues),
  /** The agent's display name for agent messages; null for the resident and system lines. */
  authorName: z.string().nullable(),
  /** The words; for a voice message its label (「语音 12秒」), for places that show words only. */
  text: z.string(),
  /** `voice`: a recorded clip, played from `GET /api/voices/:voiceId`; absent or `text`: words. */
  kind: z.enum(helpMessageKindValues).optional(),
  voice: z
    .object({ voiceId: z.string(), seconds: z.number().int().min(1).max(VOICE_MAX_SECONDS) })
    .nullable()
    .optional(),
  at: Timestamp,
  /** The key the resident's app sent it with, so the app matches it to the copy it kept; else null. */
  clientKey: z.string().nullable().optional(),
});
export type HelpMessage = z.infer<typeof HelpMessage>;

/** The survey as the resident sees it: `not_asked` before resolution, `pending`, then `answered`. */
export const HelpSurveyState = z.object({
  state: z.enum(['not_asked', 'pending', 'answered']),
  onTime: z.boolean().nullable(),
  satisfaction: z.enum(satisfactionValues).nullable(),
  suggestion: z.string().nullable(),
});
export type HelpSurveyState = z.infer<typeof HelpSurveyState>;

/** A request in the resident's "my requests" list. */
export const HelpSummary = z.object({
  id: z.string(),
  category: z.enum(helpCategoryValues).nullable(),
  status: z.enum(helpStatusValues),
  priority: z.enum(helpPriorityValues),
  text: z.string().nullable(),
  /** 1 for the next one served; null once an agent has it. */
  queuePosition: z.number().int().min(1).nullable(),
  /**
   * Rough wait before an agent takes it, in seconds, from the requests ahead and the agents
   * really there; null once an agent has it, and null while no agent is there at all (no wait is
   * made up then: see `agentsOnline`).
   */
  expectedWaitSeconds: z.number().int().min(0).nullable(),
  /** Agents really there to take requests now, while it waits (0: say so, offer the call-back); else null. */
  agentsOnline: z.number().int().min(0).nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type HelpSummary = z.infer<typeof HelpSummary>;

export const HelpList = z.object({ items: z.array(HelpSummary) });
export type HelpList = z.infer<typeof HelpList>;

/** `GET /api/help/:id`: the resident's own request. Never carries internal notes. */
export const ResidentHelp = HelpSummary.extend({
  /** True for danger categories: show `emergencyNumbers` first and big. */
  danger: z.boolean(),
  emergencyNumbers: z.array(EmergencyNumber),
  /** The agent on it (display name only) while her workbench is really there; else null. */
  agent: z.object({ displayName: z.string() }).nullable(),
  /** Someone holds it but is not connected right now: say 「客服暂时离开，马上回来」, name no one. */
  agentAway: z.boolean().optional(),
  callback: z.object({ requested: z.boolean(), phone: z.string().nullable() }),
  messages: z.array(HelpMessage),
  resolutionSummary: z.string().nullable(),
  resolvedAt: Timestamp.nullable(),
  survey: HelpSurveyState,
  /** True while the resident may still take it back (「不用了，取消求助」): waiting, nobody answered yet. */
  cancellable: z.boolean(),
  /** When the resident took it back; null otherwise. */
  cancelledAt: Timestamp.nullable(),
  /**
   * A current outage notice (停电/停水/停气) for the district and utility of the account she asked
   * about, while the request is open: the page says at once what is known. Null otherwise.
   */
  notice: NoticeBrief.nullable(),
});
export type ResidentHelp = z.infer<typeof ResidentHelp>;

/** `POST /api/help` answer (201). */
export const HelpCreated = z.object({ help: ResidentHelp });
export type HelpCreated = z.infer<typeof HelpCreated>;

/** `POST /api/help/:id/messages` answer (201). */
export const HelpMessageCreated = z.object({ message: HelpMessage });
export type HelpMessageCreated = z.infer<typeof HelpMessageCreated>;

/**
 * Query of both SSE routes. EventSource cannot send headers, so the token may come as
 * `access_token` (stream routes only); `lastEventId` stands in for the `Last-Event-ID` header
 * where a client cannot set it.
 */
export const HelpStreamQuery = z.object({
  access_token: z.string().max(2048).optional(),
  lastEventId: z
    .string()
    .regex(/^\d{1,15}$/)
    .optional(),
});
export type HelpStreamQuery = z.infer<typeof HelpStreamQuery>;

/** SSE `help.status` on the resident's stream. */
export const ResidentHelpStatusEvent = z.object({
  id: z.string(),
  status: z.enum(helpStatusValues),
  priority: z.enum(helpPriorityValues),
  category: z.enum(helpCategoryValues).nullable(),
  agent: z.object({ displayName: z.string() }).nullable(),
  agentAway: z.boolean().optional(),
  queuePosition: z.number().int().min(1).nullable(),
  expectedWaitSeconds: z.number().int().min(0).nullable(),
  agentsOnline: z.number().int().min(0).nullable(),
  survey: HelpSurveyState,
  cancellable: z.boolean(),
});
export type ResidentHelpStatusEvent = z.infer<typeof ResidentHelpStatusEvent>;

/** SSE `help.message` on both streams. */
export const HelpMessageEvent = z.object({ helpId: z.string(), message: HelpMessage });
export type HelpMessageEvent = z.infer<typeof HelpMessageEvent>;
