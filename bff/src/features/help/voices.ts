import type { Connection } from 'mongoose';
import type { Models } from '../../db/models';
import type { AuthInfo } from '../../http/state';
import type { Clock } from '../../lib/clock';
import { createFileStore } from '../../lib/files';
import type { HelpRequestRecord } from './model';

/** What a stored voice message carries: the resident who recorded it and the request it was left on. */
export interface VoiceMeta {
  ownerId: string;
  helpId: string;
  seconds: number;
}

/** The clips of voice messages (语音留言) in the GridFS bucket `voices` (lib/files.ts). */
export function createVoiceStore({ conn, clock }: { conn: Connection; clock: Clock }) {
  return createFileStore<VoiceMeta>({ conn, clock, bucket: 'voices' });
}

export type VoiceStore = ReturnType<typeof createVoiceStore>;

/**
 * Who may hear a voice message: the same people as may see its request, that is the resident
 * who asked and the workbench's staff (agents and supervisors). Another resident, a unit's field
 * staff, follow-up staff, and anyone asking for a clip no message names (one whose message was
 * never posted) get the same "not found" as for a clip that does not exist.
 */
export function createVoiceAccess({ models, voices }: { models: Models; voices: VoiceStore }) {
  return async function audible(auth: AuthInfo, id: string): Promise<{ contentType: string } | null> {
    const voice = await voices.find(id);
    if (!voice) return null;
    const doc = await models.HelpRequest.findById(voice.meta.helpId, { userId: 1, messages: 1 }).lean<
      Pick<HelpRequestRecord, 'userId' | 'messages'>
    >();
    if (!doc?.messages.some((m) => m.voice?.voiceId === id)) return null;
    switch (auth.role) {
      case 'resident':
        return doc.userId === auth.subjectId ? voice : null;
      case 'agent':
      case 'supervisor':
        return voice;
      case 'field':
      case 'coordinator':
      case 'followup':
        return null;
    }
  };
}
