import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';

/** One delivery the receiver got: the event's stable id, and whether its signature was right. */
export interface Received {
  id: string;
  valid: boolean;
}

/**
 * A webhook receiver on `port` that keeps every delivery in the order it came, checking its
 * HMAC signature with `secret`. It answers 30 ms late, so deliveries are still in flight when a
 * test kills the BFF.
 */
export function startWebhookReceiver(port: number, secret: string) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const want = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
      const got = Buffer.from(String(req.headers['x-bianmin-signature'] ?? ''));
      received.push({
        id: String(req.headers['x-bianmin-event-id'] ?? ''),
        valid: got.length === want.length && timingSafeEqual(got, want),
      });
      setTimeout(() => res.writeHead(204).end(), 30);
    });
  });
  return new Promise<{ received: Received[]; close: () => Promise<void> }>((resolve) => {
    server.listen(port, '127.0.0.1', () =>
      resolve({ received, close: () => new Promise<void>((r) => server.close(() => r())) }),
    );
  });
}
