// The gateway's pages in a real browser with JavaScript off, as a defender on Tor Browser's
// "Safest" level would see them. Run by BrowserFlowTest, which starts the gateway and checks what
// this prints.
//
//   node browser.mjs CONFIG.json
//
// CONFIG: {"chromium": "/usr/bin/chromium", "base": "http://127.0.0.1:PORT", "artifacts": DIR,
//          "files": [PATH, PATH], "requests": FILE, "languages": [{"code": "en", "labels": {KEY: TEXT, ...}}, ...]}
// "requests" is a file in which BrowserFlowTest writes how many submissions have been sent a
// reviewer's consent request so far: the script waits for its own before the check-in that answers it.
// The labels are the message bundle's own texts: every control is found by its <label>, so a
// control that lost its label fails here. Prints one JSON object per language on stdout.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));

// The flags of this machine's notes: without the background-networking ones Chromium keeps
// trying to reach Google's hosts through a closed network. Playwright adds --no-sandbox and a
// fresh profile of its own.
const browser = await chromium.launch({
  executablePath: config.chromium,
  headless: true,
  args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--no-first-run', '--disable-quic'],
  timeout: 60_000,
});
try {
  let n = 0;
  for (const language of config.languages) {
    console.log(JSON.stringify(await visit(language, ++n)));
  }
} finally {
  await browser.close();
}

/** Submit, read the receipt, come back with it: one language, one fresh browser session. */
async function visit({ code, labels }, n) {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 900, height: 800 } });
  context.setDefaultTimeout(60_000);
  try {
    const page = await context.newPage();
    const result = { code, scriptRan: await scriptRuns(page) };

    await page.goto(`${config.base}/${code}/submit`);
    result.dir = await page.locator('html').getAttribute('dir');
    result.lang = await page.locator('html').getAttribute('lang');
    result.scripts = await page.locator('script').count();
    const exact = { exact: true };
    await page.getByLabel(labels.report, exact).fill(labels.reportText);
    await page.getByLabel(labels.files, exact).setInputFiles(config.files);
    // Away from the preselected (most protective) answers, so the form's choices are exercised too.
    await page.getByLabel(labels.contactReplies, exact).check();
    await page.getByLabel(labels.useUn, exact).check();
    await page.getByLabel(labels.namingAsk, exact).check();
    await page.getByLabel(labels.metadataKeep, exact).check();
    await page.screenshot({ path: join(config.artifacts, `submit-${code}.png`), fullPage: true });

    await page.getByRole('button', { name: labels.send, ...exact }).click();
    await page.locator('p#receipt').waitFor(); // shown only once the submission is committed
    result.receiptHeading = (await page.locator('h1').innerText()).trim();
    result.receipt = (await page.locator('#receipt').innerText()).trim();
    result.receiptFiles = await page.locator('table.files tbody tr').count();
    await page.screenshot({ path: join(config.artifacts, `receipt-${code}.png`), fullPage: true });

    await page.goto(`${config.base}/${code}/check-in`);
    // As written on paper: in Arabic, in Arabic-Indic digits, which the form must accept.
    const typed = code === 'ar' ? arabicIndic(result.receipt) : result.receipt;
    await page.getByLabel(labels.receiptField, exact).fill(typed);
    await page.getByRole('button', { name: labels.open, ...exact }).click();
    await page.getByRole('heading', { level: 1, name: labels.visitTitle, ...exact }).waitFor();
    result.visitHeading = (await page.locator('h1').innerText()).trim();
    result.visitText = await page.locator('main').innerText();
    result.visitDir = await page.locator('html').getAttribute('dir');
    result.leaveLinks = await page.getByRole('link', { name: labels.leave, ...exact }).count();

    // Consent: as given (UN ticked on the form), then changed, a request answered, withdrawn.
    result.consentGiven = await page.locator('ul.consent').innerText();
    await page.getByLabel(labels.usePublic, exact).check();
    await page.getByRole('button', { name: labels.changeSend, ...exact }).click();
    result.changedHeading = (await page.locator('h1').innerText()).trim();
    result.changedText = await page.locator('main').innerText();

    await waitForRequest(n);
    await checkIn(page, code, labels, result.receipt);
    result.requestText = await page.locator('article.request').innerText();
    await page.getByRole('button', { name: labels.yes, ...exact }).click();
    result.answeredHeading = (await page.locator('h1').innerText()).trim();
    result.answeredText = await page.locator('main').innerText();

    await checkIn(page, code, labels, result.receipt);
    result.requestsAfterAnswer = await page.locator('article.request').count();
    await page.getByRole('button', { name: labels.withdrawSend, ...exact }).click();
    result.withdrawnHeading = (await page.locator('h1').innerText()).trim();
    result.withdrawnText = await page.locator('main').innerText();
    await checkIn(page, code, labels, result.receipt);
    result.afterWithdrawal = await page.locator('main').innerText();
    await page.screenshot({ path: join(config.artifacts, `consent-${code}.png`), fullPage: true });
    return result;
  } finally {
    await context.close();
  }
}

async function checkIn(page, code, labels, receipt) {
  await page.goto(`${config.base}/${code}/check-in`);
  await page.getByLabel(labels.receiptField, { exact: true }).fill(receipt);
  await page.getByRole('button', { name: labels.open, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: labels.visitTitle, exact: true }).waitFor();
}

/** Waits (up to a minute) until the test has sent the n-th submission its consent request. */
async function waitForRequest(n) {
  for (let i = 0; i < 600; i++) {
    if (existsSync(config.requests) && Number(readFileSync(config.requests, 'utf8')) >= n) return;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`no consent request for submission ${n}`);
}

/**
 * Whether an inline script runs in this context: it should not. A <noscript> block must show
 * instead. Checked on a blank page of the same context, since the site itself has no script.
 */
async function scriptRuns(page) {
  await page.setContent('<p id="s">static</p><script>document.getElementById("s").textContent = "ran"</script>'
    + '<noscript><p id="n">no script</p></noscript>');
  const text = await page.locator('#s').innerText();
  const noscriptShown = await page.locator('#n').isVisible();
  return text !== 'static' || !noscriptShown;
}

function arabicIndic(digits) {
  return digits.replace(/[0-9]/g, d => String.fromCharCode(0x0660 + Number(d)));
}
