import { describe, expect, it } from 'vitest';
import { ARIA_ATTRIBUTES } from '../../config/plugins/weapp-aria';
import { WEAPP_ARIA_ATTRIBUTES } from './aria-attributes';

describe('weapp aria attributes', () => {
  it('are the same for the build-time template and the runtime', () => {
    expect([...WEAPP_ARIA_ATTRIBUTES].sort()).toEqual([...ARIA_ATTRIBUTES].sort());
  });
});
