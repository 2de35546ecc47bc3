// The administrator's page: a trader account is disabled (its sign-in then fails, through the API
// as anyone would try it) and enabled again (sign-in works again), and the security log lists both
// changes. Officers who are not administrators neither see the page in the navigation nor open it.
//
// Run it last: disabling fergana ends its sessions, so the token the API helper keeps for fergana
// (from the set-up) opens nothing afterwards.
import { assert, assertEqual, eventually } from '../lib/harness.mjs';
import { signIn } from '../lib/ui.mjs';

const TRADER = 'fergana';

export const adminManagesAccounts = {
  name: 'admin-manages-accounts',
  // The users are at the top; the security log below holds up to 200 rows.
  fullPage: false,
  async run({ newPage, shot, api }) {
    // A fresh sign-in, without the helper's kept tokens.
    const login = (username) => api.call('POST', '/v1/auth/login', { body: { username, password: 'demo-password' } });

    const officer = await newPage();
    await signIn(officer, 'risk');
    assertEqual(await officer.locator('nav.mainnav').getByRole('link', { name: 'Administration' }).count(), 0, 'administration links a risk officer sees');
    await officer.goto('/officer/admin');
    await officer.waitForURL((url) => url.pathname === '/officer');
    await officer.close();

    const page = await newPage();
    await signIn(page, 'admin');
    await page.locator('nav.mainnav').getByRole('link', { name: 'Administration' }).click();
    await page.waitForURL('**/officer/admin');

    const users = page.getByTestId('admin-users');
    const row = users.getByTestId(`user-row-${TRADER}`);
    await row.waitFor();
    const state = row.getByTestId('account-state');
    assertEqual(await state.getAttribute('data-state'), 'active', `state of ${TRADER} at the start`);
    // Administrators do not disable themselves.
    assert(await users.getByTestId('user-disable-admin').isDisabled(), "the administrator's own Disable button is disabled");
    await page.getByTestId('admin-keys').waitFor();

    // Disabled: the row says so, and the account cannot sign in.
    await users.getByTestId(`user-disable-${TRADER}`).click();
    await users.getByTestId(`user-enable-${TRADER}`).waitFor();
    assertEqual(await state.getAttribute('data-state'), 'disabled', `state of ${TRADER} once disabled`);
    assert((await users.getByTestId('admin-notice').innerText()).includes(`User ${TRADER} was disabled`), 'the page confirms the change');
    const listed = await api.ok('GET', '/v1/users', { user: 'admin' });
    assert(listed.users.find((u) => u.username === TRADER)?.disabled === true, `the API lists ${TRADER} as disabled`);
    const refused = await login(TRADER);
    assertEqual(refused.status, 401, `status of a sign-in of the disabled ${TRADER}`);

    // Enabled again: it signs in.
    await users.getByTestId(`user-enable-${TRADER}`).click();
    await users.getByTestId(`user-disable-${TRADER}`).waitFor();
    assertEqual(await state.getAttribute('data-state'), 'active', `state of ${TRADER} once enabled`);
    const again = await login(TRADER);
    assertEqual(again.status, 200, `status of a sign-in of ${TRADER} enabled again`);
    assertEqual(again.body.user.username, TRADER, 'user of the new session');

    // The security log, newest first: both changes by the administrator, and the refused sign-in.
    // (The server writes events just after answering: refresh until they are there.)
    const log = page.getByTestId('admin-security-log');
    const events = (kind) =>
      log.locator('[data-testid^=security-event-]', { has: page.locator(`[data-kind=${kind}]`) }).filter({ hasText: TRADER });
    const changes = events('user_changed');
    const refresh = log.getByTestId('security-log-refresh');
    // Read only a settled table (a refresh clicked in an earlier round may still be replacing it).
    const settledTexts = async () => {
      await refresh.waitFor({ state: 'visible' });
      await eventually(async () => !(await refresh.isDisabled()), 'the security log to finish loading');
      return changes.allInnerTexts();
    };
    let texts = [];
    await eventually(async () => {
      texts = await settledTexts();
      if (texts.length >= 2 && (await events('login_failed').count()) >= 1 && texts[0].includes('enabled')) return true;
      await refresh.click();
      return false;
    }, `the security log to list the changes of ${TRADER}, newest first`);
    assert(texts[0].includes('user changed') && texts[0].includes('enabled'), `the newest change enabled ${TRADER}: ${texts[0]}`);
    assert(texts.some((t) => t.includes('disabled')), `a change disabled ${TRADER}: ${texts.join(' | ')}`);
    assert(texts[0].includes('admin'), `the administrator is named as the actor: ${texts[0]}`);
    const failed = await events('login_failed').first().innerText();
    assert(failed.includes('account disabled'), `the refused sign-in says why: ${failed}`);

    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, '', { docs: 'officer-admin' });
  },
};
