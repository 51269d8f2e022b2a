import { Types } from 'mongoose';
import { voiceLabel, type HelpMessage, type HelpMessageBody, type HelpMessageKind } from '@bianmin/shared';
import { AppError } from '../../http/errors';
import type { AudioType } from '../../lib/media-types';
import { mustBeOpen, type Actor, type HelpCore, type HelpDeps } from './core';
import type { HelpRequestRecord } from './model';
import { resumeFields } from './sla';
import { toMessage } from './view';

/** What a resident's message carries once it is made: its words and, for a voice message, its clip. */
interface Content {
  kind: HelpMessageKind;
  text: string;
  voice: { voiceId: string; seconds: number } | null;
}

/** A recorded clip as the route hands it over: its checked bytes, the length the recorder measured, its key. */
export interface VoiceClip {
  bytes: Buffer;
  type: AudioType;
  seconds: number;
  clientKey?: string | undefined;
}

type Admit = () => Promise<void>;
const admitted: Admit = () => Promise.resolve();

/**
 * The resident's messages, in words or as a voice message (语音留言). Both are the same kind of
 * message to the request: counted by the same limits, reaching agents on the same stream, and
 * bringing a request that waited on her back to work.
 */
export function createResidentMessages(deps: HelpDeps, core: HelpCore, resident: (userId: string) => Promise<Actor>) {
  const { models, clock, settings, voices } = deps;

  /**
   * Posts a message of the resident's on her own open request. Sent again with the same
   * `clientKey` (a retry, or a message kept while offline), it is answered with the message
   * already posted and not posted twice. `make` makes the content once the message is new and
   * counted; `undo` takes back what it made when that was not posted after all.
   */
  async function post(
    userId: string,
    id: string,
    clientKey: string | null,
    admit: Admit,
    make: () => Promise<Content>,
    undo: (content: Content) => Promise<void> = () => Promise.resolve(),
  ): Promise<{ message: HelpMessage } | null> {
    const actor = await resident(userId);
    const posted = (doc: HelpRequestRecord) =>
      clientKey ? doc.messages.find((m) => m.from === 'resident' && m.clientKey === clientKey) : undefined;
    // the usual repeat (the first answer was lost) needs no write at all
    const current = await models.HelpRequest.findOne({ _id: id, userId }).lean<HelpRequestRecord>();
    if (!current) return null;
    const before = posted(current);
    if (before) return { message: toMessage(before) };
    mustBeOpen(current);
    // counted once it is new: the per-minute limit (the route's), then the cap per request
    await admit();
    const content = await make();
    const message = {
      _id: new Types.ObjectId(),
      from: 'resident' as const,
      authorId: userId,
      authorName: null,
      ...content,
      at: clock.now(),
      clientKey,
    };
    const result = await core
      .mutate(
        id,
        actor,
        (doc) => {
          // a copy of it arrived at the same moment and was posted first
          if (posted(doc)) return {};
          mustBeOpen(doc);
          if (doc.messages.filter((m) => m.from === 'resident').length >= settings.messagesPerRequest)
            throw new AppError('HELP_MESSAGE_CAP');
          const resume = doc.status === 'waiting_on_resident';
          return {
            guard: { status: doc.status },
            set: resume ? { status: 'in_progress', ...resumeFields(doc, clock.now()) } : {},
            push: { messages: message },
            audit: resume
              ? [{ action: 'status' as const, from: doc.status, to: 'in_progress', detail: '居民回复了' }]
              : [],
          };
        },
        { userId },
      )
      .catch(async (err: unknown) => {
        await undo(content);
        throw err;
      });
    if (!result) {
      await undo(content);
      return null;
    }
    await core.publish(result);
    const mine = result.after.messages.find((m) => String(m._id) === String(message._id));
    if (!mine) await undo(content);
    return { message: toMessage(mine ?? posted(result.after) ?? message) };
  }

  return {
    /** A message in words. */
    message(userId: string, id: string, body: HelpMessageBody, admit: Admit = admitted) {
      return post(userId, id, body.clientKey ?? null, admit, () =>
        Promise.resolve({ kind: 'text', text: body.text, voice: null }),
      );
    },

    /**
     * A voice message: the clip is stored (GridFS `voices`) only once the message is new and
     * counted, and removed again when its message is not posted (refused, or a copy was first).
     */
    voice(userId: string, id: string, clip: VoiceClip, admit: Admit = admitted) {
      return post(
        userId,
        id,
        clip.clientKey ?? null,
        admit,
        async () => {
          const voiceId = await voices.save(clip.bytes, clip.type, {
            ownerId: userId,
            helpId: id,
            seconds: clip.seconds,
          });
          return { kind: 'voice', text: voiceLabel(clip.seconds), voice: { voiceId, seconds: clip.seconds } };
        },
        async (content) => {
          if (content.voice) await voices.remove(content.voice.voiceId);
        },
      );
    },
  };
}
