import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  HelpEventName,
  HelpMessageEvent,
  openHelpStatuses,
  ResidentHelpStatusEvent,
  ResidentWorkOrder,
  WorkOrderEventName,
  type HelpCategory,
  type HelpMessage,
  type HelpPageContext,
  type HelpSurveyBody,
  type ResidentHelp,
} from '@bianmin/shared';
import { ApiError } from '../../api/client';
import type { KeptRequest, Outcome } from '../../api/outbox';
import { useOnline } from '../../components/OfflineBanner';
import { locateIfGranted } from '../../lib/location';
import { openStream, type StreamStatus } from '../../lib/stream';
import { uploadVoice, voiceUrl, type Recording } from '../../lib/voice';
import { api, outbox, session } from '../../services';
import { createBody, newTapKey } from './context';

/**
 * Where the page is: making the request; `kept` when it could not go out yet (no network, the
 * BFF not answering: the outbox sends it by itself later); showing it; refused; not found; or
 * `dropped` when the resident took back a tap that had never gone out.
 */
export type HelpPhase = 'creating' | 'kept' | 'loading' | 'ready' | 'failed' | 'missing' | 'dropped';

/** A message the resident wrote that has not reached the BFF yet (kept in the outbox). */
export interface PendingMessage {
  clientKey: string;
  text: string;
}

/** How often a waiting request is read again: others ahead are served without a word to this one. */
const WAITING_REFRESH_MS = 20_000;

/** How the page was opened: the one tap (create), or an existing request from 我的求助. */
export type HelpSource = { kind: 'create'; context: HelpPageContext } | { kind: 'open'; id: string };

function asApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError('INTERNAL', '系统出了点问题，请稍后再试。', 0);
}

/** Adds messages not on screen yet (the stream and the POST answer may both bring the same one). */
export function mergeMessages(current: HelpMessage[], incoming: HelpMessage[]): HelpMessage[] {
  const seen = new Set(current.map((m) => m.id));
  const added = incoming.filter((m) => !seen.has(m.id));
  return added.length === 0 ? current : [...current, ...added];
}

/** The order as it stands last: a read that crossed a newer event on the way does not take it back. */
function newer(prev: ResidentWorkOrder | null, next: ResidentWorkOrder): ResidentWorkOrder {
  return prev && prev.id === next.id && prev.timeline.length > next.timeline.length ? prev : next;
}

/** The kept tap of an earlier visit that has not gone out: a new tap meanwhile is the same call for help. */
function keptTap(): Extract<KeptRequest, { name: 'createHelp' }> | null {
  const kept = outbox.pending().find((r) => r.name === 'createHelp');
  return kept?.name === 'createHelp' ? kept : null;
}

/**
 * The resident's help request: makes it on the one tap, through the outbox (api/outbox.ts), so
 * a tap without network is kept, said so, and sent by itself when the network returns, under the
 * same key (a request the network swallowed is found rather than made twice); follows it live;
 * and offers the resident's actions. Messages go through the outbox too, each with its own key,
 * so one written offline arrives once. Every action resolves with an error message for the
 * screen, or null when it worked (or was kept to go out later).
 */
export function useHelp(source: HelpSource) {
  const [phase, setPhase] = useState<HelpPhase>(source.kind === 'create' ? 'creating' : 'loading');
  const [help, setHelp] = useState<ResidentHelp | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [live, setLive] = useState<StreamStatus>('connecting');
  const [problem, setProblem] = useState<string | null>(null);
  // the work order an agent turned the request into (转工单), followed on the help stream
  const [order, setOrder] = useState<ResidentWorkOrder | null>(null);
  // what the outbox keeps, read again whenever it changes
  const [kept, setKept] = useState(() => outbox.pending());
  const reread = useCallback(() => setKept(outbox.pending()), []);
  const online = useOnline();
  // one key for this tap, sent with every retry; a tap still kept from before is this one (the
  // ref for callbacks, the state for what is drawn)
  const tapKey = useRef<string>('');
  const [tap, setTap] = useState('');
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

  /**
   * Where she is, for the agent, if she has already allowed location (the outlets page asked
   * her): sent after the tap, once per request, so the tap never waits for it and no permission
   * dialog ever comes between her and the human.
   */
  const located = useRef(new Set<string>());
  const sendLocation = useCallback(async (id: string) => {
    if (located.current.has(id)) return;
    located.current.add(id);
    const place = await locateIfGranted();
    if (place) await api.call('updateHelpDetails', { params: { id }, body: { location: place } }).catch(() => null);
  }, []);

  /** What became of the tap, whenever it became of it (now, or later from the outbox). */
  const tapOutcome = useCallback(
    async (outcome: Outcome) => {
      if (!mounted.current) return;
      if (outcome.state === 'sent') {
        if ('help' in outcome.response) {
          adopt(outcome.response.help);
          void sendLocation(outcome.response.help.id);
        }
        return;
      }
      if (outcome.state === 'kept') {
        setPhase('kept');
        return;
      }
      const failure = outcome.error;
      if (failure.code === 'HELP_RATE_LIMITED') {
        // already asked a moment ago: show that request, calmly
        setNotice(failure.message);
        const existing = await findOpen().catch(() => null);
        if (existing) {
          adopt(existing);
          return;
        }
      }
      setError(failure);
      setPhase('failed');
    },
    [adopt, findOpen, sendLocation],
  );

  const create = useCallback(async () => {
    const current = sourceRef.current;
    if (current.kind !== 'create') return;
    const kept = keptTap();
    tapKey.current ||= kept?.id ?? newTapKey();
    setTap(tapKey.current);
    setPhase('creating');
    const outcome = await outbox.send({
      id: tapKey.current,
      name: 'createHelp',
      // a kept tap goes as it was made, with the context of the page it was made on
      body: kept?.id === tapKey.current ? kept.body : createBody(current.context, tapKey.current),
    });
    await tapOutcome(outcome);
  }, [tapOutcome]);

  /** The newest order made from the request, if an agent made one (none is no error to show). */
  const loadOrder = useCallback(async (helpId: string) => {
    try {
      const { items } = await api.call('listWorkOrders', { query: { helpId } });
      const made = items[0];
      const full = made ? await api.call('getWorkOrder', { params: { id: made.id } }) : null;
      if (mounted.current && full) setOrder((prev) => newer(prev, full));
    } catch {
      // the card waits for the next read or the stream
    }
  }, []);

  const refresh = useCallback(async () => {
    const id = helpRef.current?.id ?? (sourceRef.current.kind === 'open' ? sourceRef.current.id : null);
    if (!id) return;
    void loadOrder(id);
    try {
      adopt(await api.call('getHelp', { params: { id } }));
    } catch (err) {
      const failure = asApiError(err);
      if (!mounted.current) return;
      if (failure.status === 404) setPhase('missing');
      else if (!helpRef.current) {
        setError(failure);
        setPhase('failed');
      }
    }
  }, [adopt, loadOrder]);
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
    };
  }, [create]);

  // what the outbox sends later: the kept tap, kept messages, a kept cancel
  useEffect(
    () =>
      outbox.subscribe((outcome) => {
        reread();
        const { request } = outcome;
        if (request.name === 'createHelp') {
          if (request.id === tapKey.current) void tapOutcome(outcome);
          return;
        }
        const mine =
          (request.helpId !== undefined && request.helpId === helpRef.current?.id) ||
          (request.afterTap !== undefined && request.afterTap === tapKey.current);
        if (!mine) return;
        if (outcome.state === 'refused') {
          setProblem(
            request.name === 'sendHelpMessage' ? `这条消息没有发出：${outcome.error.message}` : outcome.error.message,
          );
        } else if (outcome.state === 'sent') {
          const response = outcome.response;
          if ('message' in response) {
            setHelp((prev) => (prev ? { ...prev, messages: mergeMessages(prev.messages, [response.message]) } : prev));
          } else if ('id' in response) adopt(response);
        }
      }),
    [adopt, tapOutcome, reread],
  );

  // the network is back: what the page shows may have moved on meanwhile
  const wasOnline = useRef(online);
  useEffect(() => {
    if (online && !wasOnline.current) void refreshRef.current();
    wasOnline.current = online;
  }, [online]);

  // the place in the queue moves as others are served, with no event to this request
  const waiting = help?.status === 'waiting';
  useEffect(() => {
    if (!waiting || !online) return;
    const timer = setInterval(() => void refreshRef.current(), WAITING_REFRESH_MS);
    return () => clearInterval(timer);
  }, [waiting, online]);

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
        } else if (name === WorkOrderEventName.status) {
          const parsed = ResidentWorkOrder.safeParse(data);
          if (parsed.success && parsed.data.helpId === helpId) {
            const next = parsed.data;
            setOrder((prev) => newer(prev, next));
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

  // the resident's messages not sent yet: shown as such until they arrive
  const pending: PendingMessage[] = useMemo(() => {
    const sent = new Set((help?.messages ?? []).map((m) => m.clientKey).filter(Boolean));
    return kept.flatMap((r) =>
      r.name === 'sendHelpMessage' &&
      ((help && r.helpId === help.id) || (r.afterTap && r.afterTap === tap)) &&
      !sent.has(r.body.clientKey)
        ? [{ clientKey: r.body.clientKey, text: r.body.text }]
        : [],
    );
  }, [help, tap, kept]);

  async function act(run: () => Promise<ResidentHelp | null>): Promise<string | null> {
    try {
      const next = await run();
      if (next) adopt(next);
      return null;
    } catch (err) {
      return asApiError(err).message;
    }
  }

  /** Sends a message through the outbox: kept while it cannot go, posted once when it can. */
  async function message(text: string): Promise<string | null> {
    const clientKey = newTapKey().replace(/^tap-/, 'msg-');
    const target = help ? { helpId: help.id } : { afterTap: tapKey.current };
    const outcome = await outbox.send({ id: clientKey, name: 'sendHelpMessage', body: { text, clientKey }, ...target });
    reread();
    if (outcome.state === 'refused') return outcome.error.message;
    if (outcome.state === 'sent' && 'message' in outcome.response) {
      const sent = outcome.response.message;
      setHelp((prev) => (prev ? { ...prev, messages: mergeMessages(prev.messages, [sent]) } : prev));
    }
    return null;
  }

  /**
   * Sends a voice message at once. A clip is too large for the outbox (it keeps what it holds in
   * the phone's storage, as JSON), so one that cannot go now is not kept: she is told it was not
   * sent, and to say it again or type it.
   */
  async function voice(recording: Recording): Promise<string | null> {
    if (!help) return '求助还没有发出去，这段语音没有发出。网络恢复后请再说一次，或者打字留言。';
    if (!online) return '手机现在没有网络，这段语音没有发出。网络恢复后请再说一次，或者打字留言。';
    const clientKey = newTapKey().replace(/^tap-/, 'voice-');
    try {
      const { message: sent } = await uploadVoice(help.id, recording, clientKey, session.token());
      setHelp((prev) => (prev ? { ...prev, messages: mergeMessages(prev.messages, [sent]) } : prev));
      return null;
    } catch (err) {
      const failure = asApiError(err);
      return failure.code === 'NETWORK_ERROR'
        ? '网络不太好，这段语音没有发出。请再说一次，或者打字留言。'
        : `这段语音没有发出：${failure.message}`;
    }
  }

  return {
    phase,
    help,
    /** The work order made from this request (its progress card), or null. */
    order,
    error,
    notice,
    live,
    online,
    pending,
    /** A kept message or cancel the BFF refused later. */
    problem,
    retry: () => {
      if (sourceRef.current.kind === 'create' && !help) void create();
      else {
        void outbox.flush();
        void refresh();
      }
    },
    chooseReason: (category: HelpCategory) =>
      act(async () => (help ? api.call('updateHelpDetails', { params: { id: help.id }, body: { category } }) : null)),
    /**
     * Words before an agent has it go on the request itself (when the network is there); after
     * that, or without network, they are a message.
     */
    sendText: async (text: string) => {
      if (help && online && !help.agent && !help.text && help.messages.length === 0) {
        const failed = await act(() => api.call('updateHelpDetails', { params: { id: help.id }, body: { text } }));
        if (failed === null) return null;
      }
      return message(text);
    },
    /** A voice message (按住说话), sent now or not at all (see `voice`). */
    sendVoice: voice,
    /** Where the conversation's players read a voice message, with her token. */
    voiceSrc: (voiceId: string) => voiceUrl(voiceId, session.token()),
    requestCallback: (phone: string) =>
      act(async () =>
        help ? api.call('requestHelpCallback', { params: { id: help.id }, body: phone ? { phone } : {} }) : null,
      ),
    answerSurvey: (body: HelpSurveyBody) =>
      act(async () => (help ? api.call('answerHelpSurvey', { params: { id: help.id }, body }) : null)),
    /**
     * 「不用了，取消求助」. A tap that never went out is simply dropped (nothing reaches the
     * agents); otherwise the cancel goes through the outbox, after the tap if that is on its way.
     */
    cancel: async (): Promise<string | null> => {
      if (!help) {
        if (outbox.drop(tapKey.current)) {
          reread();
          setPhase('dropped');
          return null;
        }
      }
      const target = help ? { helpId: help.id } : { afterTap: tapKey.current };
      const outcome = await outbox.send({ id: `cancel-${help?.id ?? tapKey.current}`, name: 'cancelHelp', ...target });
      if (outcome.state === 'refused') return outcome.error.message;
      if (outcome.state === 'sent' && 'id' in outcome.response) adopt(outcome.response);
      return null;
    },
  };
}
