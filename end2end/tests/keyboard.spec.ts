import { test, expect, Page } from '@playwright/test';
import { DEMO_PASSWORD, hydrated, nextYear, scheduleMeeting, signIn } from './helpers';

// The keyboard alone reaches every control of a page, in order, with the focus visible, and
// is never trapped: tabbing on from the last control leaves the page's controls.

async function tabThrough(page: Page) {
  // Every control a person can see, each named by its place (a radio group is one stop: Tab
  // reaches one of its buttons, the arrows the others; in a closed section only its summary).
  const controls: string[] = await page.evaluate(() => {
    const all = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')]
      .filter((el) => (el as HTMLElement).offsetParent !== null && !(el as HTMLInputElement).disabled)
      .filter((el) => { const closed = el.closest('details:not([open])'); return !closed || el === closed.querySelector('summary'); });
    all.forEach((el, i) => {
      const input = el as HTMLInputElement;
      el.setAttribute('data-kbd', input.type === 'radio' ? `radio:${input.name}` : `${i}: ${el.outerHTML.slice(0, 60)}`);
    });
    return [...new Set(all.map((el) => el.getAttribute('data-kbd')!))];
  });
  const reached: string[] = [];
  await page.locator('body').focus();
  for (let i = 0; i < controls.length + 5; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const visible = style.outlineStyle !== 'none' || style.boxShadow !== 'none' || (el.tagName === 'A' && style.textDecorationLine !== 'none');
      return { key: el.getAttribute('data-kbd') ?? el.outerHTML.slice(0, 60), visible };
    });
    if (!focused) break; // left the page's controls: no trap
    expect(focused.visible, `focus is visible on ${focused.key}`).toBe(true);
    if (reached.includes(focused.key)) break;
    reached.push(focused.key);
  }
  for (const control of controls) {
    expect(reached, `the keyboard reaches ${control}`).toContain(control);
  }
}

test('the keyboard reaches every control of sign-in, a meeting and the live room, with the focus visible', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'a keyboard, on the desktop');
  test.setTimeout(90_000);
  await signIn(page, 'facilitator@demo.coop', DEMO_PASSWORD);
  await expect(page.getByRole('heading', { level: 1, name: 'Hello, Priya Patel' })).toBeVisible();
  await page.goto('/signin');
  await tabThrough(page);
  await scheduleMeeting(page, {
    title: `Keyboard ${Date.now()}`, date: `${nextYear()}-10-05`, how: 'Face to face', where: 'Unity House',
    agenda: 'Check-in | 5\nDecisions | 20',
  });
  await tabThrough(page);
  await page.getByRole('button', { name: 'Start the live session' }).click();
  await expect(page.getByRole('heading', { name: "Facilitator's console" })).toBeVisible();
  await hydrated(page);
  await tabThrough(page);
});
