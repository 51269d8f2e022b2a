import type { MePatch, User } from '@bianmin/shared';
import type { Models } from '../../db/models';
import type { UserRecord } from './model';
import { isDuplicateKey } from '../../db/query';

/** The resident's own profile as the API shows it. */
export function toUserDto(user: UserRecord): User {
  return {
    id: String(user._id),
    nickname: user.nickname,
    phone: user.phone ?? null,
    elderMode: user.elderMode,
    birthYear: user.birthYear ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}

export function createUserService({ models }: { models: Models }) {
  return {
    /** Finds or creates the resident with this openid; `nickname`, when given, is updated. */
    async upsertByOpenid(openid: string, fields: { nickname?: string; unionid?: string }): Promise<UserRecord> {
      const set: Record<string, string> = {};
      if (fields.nickname) set.nickname = fields.nickname;
      if (fields.unionid) set.unionid = fields.unionid;
      const upsert = () =>
        models.User.findOneAndUpdate(
          { openid },
          { $set: set, $setOnInsert: { openid } },
          { upsert: true, returnDocument: 'after', setDefaultsOnInsert: true },
        );
      try {
        return await upsert();
      } catch (err) {
        // two first logins at once: the unique index let one insert win; the other now finds it
        if (isDuplicateKey(err)) return upsert();
        throw err;
      }
    },

    async get(userId: string): Promise<User | null> {
      const user = await models.User.findById(userId);
      return user ? toUserDto(user) : null;
    },

    async update(userId: string, patch: MePatch): Promise<User | null> {
      const user = await models.User.findByIdAndUpdate(
        userId,
        { $set: patch },
        { returnDocument: 'after', runValidators: true },
      );
      return user ? toUserDto(user) : null;
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
