import { useCallback, useEffect, useRef, useState } from 'react';
import { ResidentWorkOrder, WorkOrderEventName, type RatingBody } from '@bianmin/shared';
import { ApiError } from '../../../api/client';
import { openStream, type StreamStatus } from '../../../lib/stream';
import { api, session } from '../../../services';

/** The resident's order, followed live while it is not finished; her rating. */
export function useOrder(id: string | null) {
  const [order, setOrder] = useState<ResidentWorkOrder | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const [live, setLive] = useState<StreamStatus>('connecting');
  const load = useCallback(async () => {
    if (!id) return;
    try {
      setOrder(await api.call('getWorkOrder', { params: { id } }));
      setProblem(null);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) setMissing(true);
      else setProblem(err instanceof ApiError ? err.message : '网络不太好，请稍后再看。');
    }
  }, [id]);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  useEffect(() => {
    void loadRef.current();
  }, [id]);

  const following = order !== null && order.status !== 'closed' && order.status !== 'cancelled';
  useEffect(() => {
    if (!id || !following) return;
    const stream = openStream({
      path: `/api/workorders/${id}/events`,
      baseUrl: BIANMIN_API_BASE,
      token: () => session.token(),
      events: [WorkOrderEventName.status],
      beforeReconnect: () => loadRef.current(),
      onStatus: setLive,
      onEvent: (name, data) => {
        if (name !== WorkOrderEventName.status) return;
        const parsed = ResidentWorkOrder.safeParse(data);
        if (parsed.success && parsed.data.id === id) setOrder(parsed.data);
      },
    });
    return () => stream.close();
  }, [id, following]);

  return {
    order,
    problem,
    missing,
    live,
    reload: load,
    rate: async (body: RatingBody): Promise<string | null> => {
      if (!id) return null;
      try {
        setOrder(await api.call('rateWorkOrder', { params: { id }, body }));
        return null;
      } catch (err) {
        return err instanceof ApiError ? err.message : '没有提交成功，请再试一次。';
      }
    },
  };
}
