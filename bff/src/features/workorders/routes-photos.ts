import { authOf } from '../../http/auth';
import { bytesBody } from '../../http/body';
import { AppError } from '../../http/errors';
import { rateLimit } from '../../http/rateLimit';
import type { AppRouter, Mount } from '../../http/route';
import { tokenFromQuery } from '../../http/sse';
import type { Limits } from '../../lib/limits';
import { imageTypeOf } from '../../lib/media-types';
import type { WorkOrderFeature } from './feature';
import { createPhotoAccess } from './photo-access';

/** Photo upload (the body is the image) and download, for those who may see it. */
export function photoRoutes(router: AppRouter, mount: Mount, feature: WorkOrderFeature, limits: Limits): void {
  const { photos, settings } = feature;
  const visible = createPhotoAccess({ models: feature.models, photos, units: feature.units });

  mount(
    router,
    'uploadPhoto',
    async (ctx) => {
      const auth = authOf(ctx);
      const bytes = ctx.state.rawBody;
      // the bytes decide, never the name or the Content-Type
      const type = bytes ? imageTypeOf(bytes) : null;
      if (!bytes || !type) throw new AppError('PHOTO_NOT_IMAGE');
      const id = await photos.save(bytes, type, { id: auth.subjectId, role: auth.role });
      return { photo: { id, contentType: type, size: bytes.length } };
    },
    rateLimit({
      name: 'photo-upload',
      max: settings.photosPerHour,
      windowMs: 3600_000,
      limits,
      keys: (ctx) => [ctx.state.auth?.subjectId],
      message: '照片传得太快了，请稍等一会儿再传。',
    }),
    bytesBody({ limit: settings.photoMaxBytes, tooLarge: 'PHOTO_TOO_LARGE' }),
  );

  // <Image src> cannot send headers: the token may come in the query, as for event streams
  router.use('/api/photos/:id', tokenFromQuery());
  mount(router, 'getPhoto', async (ctx, { params }) => {
    const photo = await visible(authOf(ctx), params.id);
    if (!photo) throw new AppError('NOT_FOUND');
    ctx.type = photo.contentType;
    ctx.set('Cache-Control', 'private, max-age=3600');
    ctx.body = photos.open(params.id);
  });
}
