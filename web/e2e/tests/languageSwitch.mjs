// The language switch changes every visible string, persists across reloads, and works on a
// phone-sized screen.
import { assertEqual, assert, PHONE } from '../lib/harness.mjs';

async function heading(page) {
  return (await page.locator('h1').first().innerText()).trim();
}

export const languageSwitch = {
  name: 'language-switch',
  viewport: PHONE,
  async run({ newPage, shot }) {
    const page = await newPage();
    await page.goto('/login');
    assertEqual(await heading(page), 'Sign in', 'English login heading');
    const switcher = page.getByTestId('language-switcher');

    await switcher.selectOption('ru');
    assertEqual(await heading(page), 'Вход', 'Russian login heading');
    assertEqual(await page.getAttribute('html', 'lang'), 'ru', '<html lang> in Russian');
    assertEqual((await page.locator('label[for=password]').innerText()).trim(), 'Пароль', 'Russian password label');

    await switcher.selectOption('uz');
    assertEqual(await heading(page), 'Tizimga kirish', 'Uzbek login heading');
    await page.reload();
    assertEqual(await heading(page), 'Tizimga kirish', 'Uzbek kept after a reload');

    await page.locator('#username').fill('silkroad');
    await page.locator('#password').fill('demo-password');
    await page.locator('form button[type=submit]').click();
    await page.waitForURL('**/trader');
    const nav = await page.locator('nav.mainnav').innerText();
    assert(nav.includes('Mening deklaratsiyalarim') && nav.includes('Deklaratsiya topshirish'), `Uzbek navigation: ${nav}`);
    await page.locator('[data-testid=state-badge]').first().waitFor();
    const states = await page.locator('[data-testid=state-badge]').allInnerTexts();
    const uzStates = ['Qoralama', 'Topshirilgan', 'Roʻyxatga olingan', 'Rad etilgan', 'Nazoratda', 'Toʻlovlar hisoblangan', 'Chiqarilgan', 'Toʻxtatilgan', 'Ushlab qolingan'];
    assert(states.every((s) => uzStates.some((u) => s.startsWith(u))), `statuses in Uzbek: ${states.slice(0, 5).join(', ')}`);
    // Phone layout: no horizontal scrolling.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 1, `the page is wider than the phone screen by ${overflow}px`);
    await shot(page, '', { docs: 'trader-list-uzbek-phone' });

    await page.getByTestId('language-switcher').selectOption('en');
    assertEqual(await heading(page), 'My declarations', 'back to English');
  },
};
