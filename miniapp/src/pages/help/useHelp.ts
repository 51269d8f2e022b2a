import { useCallback, useEffect, useRef, useState } from 'react';
import {
  HelpEventName,
  HelpMessageEvent,
  openHelpStatuses,
  ResidentHelpStatusEvent,
  type HelpCategory,
  type HelpMessage,
  type HelpPageContext,
  type HelpSurveyBody,
  type ResidentHelp,
} from '@bianmin/shared';
import { ApiError } from '../../api/client';
import { openStream, type StreamStatus } from '../../lib/stream';
import { api, session } from '../../services';
import { createBody, newTapKey } from './context';

/** Where the page is: making the request, showing it, or unable to reach the BFF. */
export type HelpPhase = 'creating' | 'loading' | 'ready' | 'failed' | 'missing';

/** How the page was opened: the one tap (create), or an existing request from 我的求助. */
export type HelpSource = { kind: 'create'; context: HelpPageContext } | { kind: 'open'; id: string };

/** Retries of a failed creation while the page stays open, growing to the last delay. */
const AUTO_RETRY_MS = [3000, 6000, 12000, 30000];

function asApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError('INTERNAL', '系统出了点问题，请稍后再试。', 0);
}

/** Adds messages not on screen yet (the stream and the POST answer may both bring the same one). */
export function mergeMessages(current: HelpMessage[], incoming: HelpMessage[]): HelpMessage[] {
  const seen = new Set(current.map((m) => m.id));
  const added = incoming.filter((m) => !seen.has(m.id));
  return added.length === 0 ? current : [...current, ...added];
}

/**
 * The resident's help request: makes it on the one tap (retrying with recovery, so a request the
 * network swallowed is found rather than made twice), follows it live, and offers the resident's
 * actions. Every action resolves with an error message for the screen, or null when it worked.
 */
export function useHelp(source: HelpSource) {
  const [phase, setPhase] = useState<HelpPhase>(source.kind === 'create' ? 'creating' : 'loading');
  const [help, setHelp] = useState<ResidentHelp | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [live, setLive] = useState<StreamStatus>('connecting');
  // one key for this tap, sent with every retry (see createBody)
  const tapKey = useRef(newTapKey());
  const attempts = useRef(0);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const mounted = useRef(true);
  const started = useRef(false);
  const sourceRef = useRef(source);
  const helpRef = useRef<ResidentHelp | null>(null);
  useEffect(() => {
    helpRef.current = help;
  }, [help]);

  const adopt = useCallback((next: ResidentHelp) => {
    if (!mounted.current) return;
    setHelp((prev) => (prev ? { ...next, messages: mergeMessages(next.messages, prev.messages) } : next));
    setPhase('ready');
    setError(null);
  }, []);

  /** The resident's newest open request, shown when they were told they just asked. */
  const findOpen = useCallback(async (): Promise<ResidentHelp | null> => {
    const { items } = await api.call('listHelp');
    const open = items.find((item) => openHelpStatuses.includes(item.status));
    return open ? api.call('getHelp', { params: { id: open.id } }) : null;
  }, []);

  const create = useCallback(() => {
    const attempt = async (): Promise<void> => {
      const current = sourceRef.current;
      if (current.kind !== 'create') return;
      clearTimeout(retryTimer.current);
      setPhase('creating');
      try {
        // an earlier attempt may have reached the BFF although its answer never came back: the
        // same key makes the BFF answer with that request instead of making another
        adopt((await api.call('createHelp', { body: createBody(current.context, tapKey.current) })).help);
      } catch (err) {
        const failure = asApiError(err);
        if (failure.code === 'HELP_RATE_LIMITED') {
          // already asked a moment ago: show that request, calmly
          setNotice(failure.message);
          const existing = await findOpen().catch(() => null);
          if (existing) {
            adopt(existing);
            return;
          }
        }
        if (!mounted.current) return;
        setError(failure);
        setPhase('failed');
        if (failure.status === 0 || failure.status >= 500 || failure.code === 'HELP_RATE_LIMITED') {
          const delay = AUTO_RETRY_MS[Math.min(attempts.current, AUTO_RETRY_MS.length - 1)] ?? 30000;
          attempts.current += 1;
          retryTimer.current = setTimeout(() => void attempt(), delay);
        }
      }
    };
    return attempt();
  }, [adopt, findOpen]);

  const refresh = useCallback(async () => {
    const id = help?.id ?? (sourceRef.current.kind === 'open' ? sourceRef.current.id : null);
    if (!id) return;
    try {
      adopt(await api.call('getHelp', { params: { id } }));
    } catch (err) {
      const failure = asApiError(err);
      if (!mounted.current) return;
      if (failure.status === 404) setPhase('missing');
      else if (!help) {
        setError(failure);
        setPhase('failed');
      }
    }
  }, [adopt, help]);
  const refreshRef = useRef(refresh);
  useEffect(() => {
    refreshRef.current = refresh;
  }, [refresh]);

  // the one tap: create at once, or open the request named in the query
  useEffect(() => {
    mounted.current = true;
    if (!started.current) {
      started.current = true;
      if (sourceRef.current.kind === 'create') void create();
      else void refreshRef.current();
    }
    return () => {
      mounted.current = false;
      clearTimeout(retryTimer.current);
    };
  }, [create]);

  // live updates while someone still works on it, or the survey is still to answer
  const helpId = help?.id ?? null;
  const following = help !== null && (openHelpStatuses.includes(help.status) || help.status === 'resolved');
  useEffect(() => {
    if (!helpId || !following) return;
    const stream = openStream({
      path: `/api/help/${helpId}/events`,
      baseUrl: BIANMIN_API_BASE,
      token: () => session.token(),
      beforeReconnect: () => refreshRef.current(),
      onStatus: setLive,
      onEvent: (name, data) => {
        if (name === HelpEventName.message) {
          const parsed = HelpMessageEvent.safeParse(data);
          if (parsed.success && parsed.data.helpId === helpId) {
            setHelp((prev) =>
              prev ? { ...prev, messages: mergeMessages(prev.messages, [parsed.data.message]) } : prev,
            );
          }
        } else if (name === HelpEventName.status) {
          const parsed = ResidentHelpStatusEvent.safeParse(data);
          if (!parsed.success || parsed.data.id !== helpId) return;
          const { id: _id, ...status } = parsed.data;
          const before = helpRef.current;
          const needsDetail = !before || before.status !== status.status || before.category !== status.category;
          setHelp((prev) => (prev ? { ...prev, ...status } : prev));
          // resolution summary, emergency numbers: only the full view has them
          if (needsDetail) void refreshRef.current();
        }
      },
    });
    return () => stream.close();
  }, [helpId, following]);

  async function act(run: () => Promise<ResidentHelp | null>): Promise<string | null> {
    try {
      const next = await run();
      if (next) adopt(next);
      return null;
    } catch (err) {
      return asApiError(err).message;
    }
  }

  return {
    phase,
    help,
    error,
    notice,
    live,
    retry: () => {
      attempts.current = 0;
      if (sourceRef.current.kind === 'create' && !help) void create();
      else void refresh();
    },
    chooseReason: (category: HelpCategory) =>
      act(async () => (help ? api.call('updateHelpDetails', { params: { id: help.id }, body: { category } }) : null)),
    /** Words before an agent has it go on the request itself; after that they are chat. */
    sendText: (text: string) =>
      act(async () => {
        if (!help) return null;
        if (!help.agent && !help.text && help.messages.length === 0) {
          return api.call('updateHelpDetails', { params: { id: help.id }, body: { text } });
        }
        const { message } = await api.call('sendHelpMessage', { params: { id: help.id }, body: { text } });
        setHelp((prev) => (prev ? { ...prev, messages: mergeMessages(prev.messages, [message]) } : prev));
        return null;
      }),
    requestCallback: (phone: string) =>
      act(async () =>
        help ? api.call('requestHelpCallback', { params: { id: help.id }, body: phone ? { phone } : {} }) : null,
      ),
    answerSurvey: (body: HelpSurveyBody) =>
      act(async () => (help ? api.call('answerHelpSurvey', { params: { id: help.id }, body }) : null)),
  };
}
