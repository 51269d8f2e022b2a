import { authOf } from '../../http/auth';
import { bytesBody } from '../../http/body';
import { AppError, found } from '../../http/errors';
import type { AppRouter, Mount } from '../../http/route';
import { tokenFromQuery } from '../../http/sse';
import { audioTypeOf } from '../../lib/media-types';
import type { HelpFeature } from './feature';
import { messageLimit } from './routes-resident';
import { createVoiceAccess } from './voices';

/** Voice messages (语音留言): the resident's upload (the body is the clip) and playback for those who may hear it. */
export function voiceRoutes(router: AppRouter, mount: Mount, feature: HelpFeature): void {
  const { resident } = feature.service;
  const audible = createVoiceAccess({ models: feature.models, voices: feature.voices });

  mount(
    router,
    'sendHelpVoice',
    async (ctx, { params, query }) => {
      const userId = authOf(ctx).subjectId;
      const bytes = ctx.state.rawBody;
      // the bytes decide, never the name or the Content-Type
      const type = bytes ? audioTypeOf(bytes) : null;
      if (!bytes || !type) throw new AppError('VOICE_NOT_AUDIO');
      const clip = { bytes, type, seconds: query.seconds, clientKey: query.clientKey };
      return found(await resident.voice(userId, params.id, clip, messageLimit(feature, userId)));
    },
    bytesBody({ limit: feature.settings.voiceMaxBytes, tooLarge: 'VOICE_TOO_LARGE' }),
  );

  // <audio src> and the WeChat audio player send no headers: the token may come in the query
  router.use('/api/voices/:id', tokenFromQuery());
  mount(router, 'getHelpVoice', async (ctx, { params }) => {
    const voice = await audible(authOf(ctx), params.id);
    if (!voice) throw new AppError('NOT_FOUND');
    ctx.type = voice.contentType;
    ctx.set('Cache-Control', 'private, max-age=3600');
    ctx.body = feature.voices.open(params.id);
  });
}
