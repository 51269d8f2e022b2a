import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SessionProvider } from '../../store/SessionProvider';
import { StorageKey } from '../../store/storage';
import { createFakeBff, createTestSession, memoryKeyValueStorage } from '../../test/fake-bff';
import { Page } from '../Page';
import { ElderSwitch } from '../ElderSwitch';
import { ElderOffer } from '.';

const NOW = new Date('2026-03-01T10:00:00+08:00');
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function renderHome(options: { birthYear: number | null; elderMode?: boolean; answered?: string }) {
  const bff = createFakeBff({ elderMode: options.elderMode ?? false });
  bff.user.birthYear = options.birthYear;
  const test = createTestSession(bff);
  await test.session.start();
  const offerStorage = memoryKeyValueStorage(
    options.answered ? { [StorageKey.elderOfferAnswered]: options.answered } : {},
  );
  const view = render(
    <SessionProvider store={test.session}>
      <Page>
        <ElderSwitch />
        <ElderOffer now={NOW} storage={offerStorage} />
      </Page>
    </SessionProvider>,
  );
  return { ...test, bff, offerStorage, view };
}

const offer = () => screen.queryByRole('region', { name: '长辈模式推荐' });

describe('ElderOffer', () => {
  it('offers elder mode on the home page to a resident whose birth year says 60 or over', async () => {
    await renderHome({ birthYear: 1966 });
    expect(offer()).not.toBeNull();
    expect(screen.getByRole('button', { name: '打开长辈模式' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '先不用' })).toBeTruthy();
  });

  it('is a card in the page, not a dialog that blocks it', async () => {
    await renderHome({ birthYear: 1950 });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.getByRole('switch', { name: '长辈模式' })).toBeTruthy();
  });

  it.each([
    ['younger than 60', 1967],
    ['without a birth year', null],
  ])('does not offer it to a resident %s', async (_label, birthYear) => {
    await renderHome({ birthYear });
    expect(offer()).toBeNull();
  });

  it('does not offer it when elder mode is already on', async () => {
    await renderHome({ birthYear: 1950, elderMode: true });
    expect(offer()).toBeNull();
  });

  it('turns elder mode on, saves it on the server and remembers the answer', async () => {
    const { bff, offerStorage } = await renderHome({ birthYear: 1950 });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: '打开长辈模式' }));
      await settle();
    });
    expect(bff.user.elderMode).toBe(true);
    expect(screen.getByRole('switch', { name: '长辈模式' }).getAttribute('aria-checked')).toBe('true');
    expect(offerStorage.data.get(StorageKey.elderOfferAnswered)).toBe('accepted');
    expect(offer()).toBeNull();
  });

  it('goes away for good when the resident says no, leaving elder mode off', async () => {
    const { bff, offerStorage } = await renderHome({ birthYear: 1950 });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: '先不用' }));
      await settle();
    });
    expect(offer()).toBeNull();
    expect(bff.user.elderMode).toBe(false);
    expect(offerStorage.data.get(StorageKey.elderOfferAnswered)).toBe('declined');
  });

  it('is asked only once: an earlier answer keeps it away', async () => {
    await renderHome({ birthYear: 1950, answered: 'declined' });
    expect(offer()).toBeNull();
  });

  it('counts switching elder mode on with the switch as the answer', async () => {
    const { offerStorage } = await renderHome({ birthYear: 1950 });
    await act(async () => {
      fireEvent.click(screen.getByRole('switch', { name: '长辈模式' }));
      await settle();
    });
    expect(offerStorage.data.get(StorageKey.elderOfferAnswered)).toBe('accepted');
    await act(async () => {
      fireEvent.click(screen.getByRole('switch', { name: '长辈模式' }));
      await settle();
    });
    expect(offer()).toBeNull();
  });
});
