import './lib/weapp-aria';
import { useLaunch } from '@tarojs/taro';
import type { PropsWithChildren } from 'react';
import { outbox, session } from './services';
import { SessionProvider } from './store/SessionProvider';
import './app.scss';

/**
 * The app root: every page renders inside the session provider. Login starts at launch; pages
 * render at once with the elder mode remembered from the last start, so there is no flash of
 * small text, and update when the server's profile arrives.
 */
function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    void session.start();
    // what an earlier run kept (a help tap made offline) goes now, or when the network returns
    outbox.start();
  });
  return <SessionProvider store={session}>{children}</SessionProvider>;
}

export default App;
