// Browser test of the evaluation report: the real ReportWriter output (written by the test-scope
// main io.fleetanomaly.evaluation.report.ReportFixture) opened from file:// in Debian's Chromium,
// driven with playwright-core. Run through .ci/browser-test, which builds the classes first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

// the tools module (fleet-anomaly-tools/src/test/browser -> fleet-anomaly-tools)
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const target = path.join(repo, 'target');
const reportDir = path.join(target, 'browser-report');
const undefinedRatesDir = path.join(target, 'browser-report-undefined-rates');
const DASH = '\u2014';
const classpathFile = path.join(target, 'test-classpath.txt');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const HOSTILE_DEVICE = 'pump-</script><b>x</b>&\'"\u2028';

let browser;
let page;
let htmlFile;
let undefinedRatesHtml;
const requests = [];
const problems = [];

function writeReport(dir, sample) {
  for (const needed of [path.join(target, 'classes'), path.join(target, 'test-classes'), classpathFile]) {
    if (!existsSync(needed)) {
      throw new Error(`${needed} is missing: run .ci/browser-test, which builds it with mvn`);
    }
  }
  const classpath = [path.join(target, 'test-classes'), path.join(target, 'classes'),
    readFileSync(classpathFile, 'utf8').trim()].join(path.delimiter);
  execFileSync('java', ['-Djava.awt.headless=true', '-cp', classpath,
    'io.fleetanomaly.evaluation.report.ReportFixture', dir, sample], { stdio: 'inherit' });
  return path.join(dir, 'report.html');
}

async function shown(on = page) {
  return on.evaluate(() => {
    const text = (id) => document.getElementById(id).textContent;
    return {
      threshold: text('threshold-value'), mark: text('threshold-mark'),
      tp: text('cm-tp'), fp: text('cm-fp'), fn: text('cm-fn'), tn: text('cm-tn'),
      precision: text('m-precision'), recall: text('m-recall'), f1: text('m-f1'),
      far: text('m-far'), mar: text('m-mar'), cost: text('m-cost'),
      slider: document.getElementById('threshold-slider').value,
    };
  });
}

/**
 * What the page should show for a sweep row, computed here from the counts alone. A rate whose
 * denominator is 0 is a dash (the page's rule; the metrics package counts it as 0).
 */
function expected(data, index) {
  const r = data.sweep.rows[index].matrix;
  const rate = (n, d) => (d === 0 ? DASH : (n / d).toFixed(3));
  const count = (n) => n.toLocaleString('en-US');
  const marks = [];
  if (index === data.sweep.bestF1Index) marks.push('best F1');
  if (index === data.sweep.costWeightedIndex) marks.push('lowest cost');
  return {
    threshold: data.sweep.thresholdLabels[index], mark: marks.join(' \u00b7 '),
    tp: count(r.tp), fp: count(r.fp), fn: count(r.fn), tn: count(r.tn),
    precision: rate(r.tp, r.tp + r.fp), recall: rate(r.tp, r.tp + r.fn),
    f1: rate(2 * r.tp, 2 * r.tp + r.fp + r.fn), far: rate(r.fp, r.fp + r.tn), mar: rate(r.fn, r.fn + r.tp),
    cost: (data.sweep.costs.costMissed * r.fn + data.sweep.costs.costFalseAlarm * r.fp).toFixed(2),
    slider: String(index),
  };
}

async function pageData(on = page) {
  return on.evaluate(() => JSON.parse(document.getElementById('report-data').textContent));
}

async function setSlider(index, on = page) {
  await on.$eval('#threshold-slider', (el, value) => {
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, String(index));
}

/** The values as the Java side wrote them: the page opened with JavaScript disabled. */
async function writtenByJava(html) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const staticPage = await context.newPage();
    await staticPage.goto(pathToFileURL(html).href, { waitUntil: 'load' });
    return await shown(staticPage);
  } finally {
    await context.close();
  }
}

before(async () => {
  htmlFile = writeReport(reportDir, 'realistic');
  undefinedRatesHtml = writeReport(undefinedRatesDir, 'undefined-rates');
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
});

after(async () => {
  await browser?.close();
});

test('the page loads from file:// without errors and fetches nothing from a network', async () => {
  assert.deepEqual(problems, []);
  const remote = requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'));
  assert.deepEqual(remote, []);
  const images = await page.$$eval('img', (imgs) => imgs.map((i) => ({ w: i.naturalWidth, file: i.dataset.file })));
  assert.equal(images.length, 3 + 4 + 3, 'roc, pr, sweep, 4 distributions, 3 timelines');
  for (const img of images) {
    assert.ok(img.w > 100, `${img.file} decoded (width ${img.w})`);
  }
});

test('the slider starts on the best-F1 row and shows its counts and rates', async () => {
  const data = await pageData();
  assert.equal(data.sweep.bestF1Index, 4);
  const now = await shown();
  assert.deepEqual(now, expected(data, 4));
  // Written out for the fixture's row h = 6: TP 780, FP 162, FN 220, TN 8838.
  assert.deepEqual([now.threshold, now.tp, now.fp, now.fn, now.tn], ['6', '780', '162', '220', '8,838']);
  assert.deepEqual([now.precision, now.recall, now.f1, now.far, now.mar], ['0.828', '0.780', '0.803', '0.018', '0.220']);
  assert.equal(now.mark, 'best F1');
  // The script redraws the row the Java side wrote, to the same text.
  assert.deepEqual(await writtenByJava(htmlFile), now);
});

test('moving the slider redraws the confusion matrix and the rates for that row', async () => {
  const data = await pageData();
  await setSlider(9);
  const at9 = await shown();
  assert.deepEqual(at9, expected(data, 9));
  // h = 11: TP 530, FP 13, FN 470, TN 8987.
  assert.deepEqual([at9.threshold, at9.tp, at9.fp, at9.fn, at9.tn], ['11', '530', '13', '470', '8,987']);
  assert.deepEqual([at9.precision, at9.recall, at9.f1, at9.far, at9.mar], ['0.976', '0.530', '0.687', '0.001', '0.470']);
  assert.equal(at9.mark, '');

  await page.focus('#threshold-slider');
  await page.keyboard.press('Home');
  const at0 = await shown();
  assert.deepEqual(at0, expected(data, 0));
  assert.deepEqual([at0.tp, at0.fp, at0.precision, at0.recall, at0.f1], ['980', '1,200', '0.450', '0.980', '0.616']);

  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await shown(), expected(data, 1));

  await page.click('#jump-lowest-cost');
  const cheapest = await shown();
  assert.equal(data.sweep.costWeightedIndex, 3);
  assert.deepEqual(cheapest, expected(data, 3));
  assert.equal(cheapest.mark, 'lowest cost');
  assert.equal(cheapest.cost, '778.00'); // 268 FP x 1 + 170 FN x 3

  await page.click('#jump-best-f1');
  assert.deepEqual(await shown(), expected(data, 4));
});

test('rates with a zero denominator show as a dash, in Java and in the script alike', async () => {
  const context = await browser.newContext();
  try {
    const healthy = await context.newPage();
    const errors = [];
    healthy.on('pageerror', (e) => errors.push(e.message));
    await healthy.goto(pathToFileURL(undefinedRatesHtml).href, { waitUntil: 'load' });
    const data = await pageData(healthy);
    // No labeled anomaly: F1 is 0 or 0/0 everywhere, so the tie goes to the highest threshold.
    assert.equal(data.sweep.bestF1Index, 3);
    assert.equal(data.sweep.costWeightedIndex, 3);
    const start = await shown(healthy);
    assert.deepEqual(start, expected(data, 3));
    assert.deepEqual([start.threshold, start.mark, start.tp, start.fp, start.fn, start.tn],
      ['4', 'best F1 \u00b7 lowest cost', '0', '0', '0', '10']);
    assert.deepEqual([start.precision, start.recall, start.f1, start.far, start.mar, start.cost],
      [DASH, DASH, DASH, '0.000', DASH, '0.00']);
    assert.deepEqual(await writtenByJava(undefinedRatesHtml), start);

    await setSlider(0, healthy);
    const flagged = await shown(healthy);
    assert.deepEqual(flagged, expected(data, 0));
    // h = 1 flags 6 of 10 normal events: precision and F1 are defined (0), recall and MAR are not.
    assert.deepEqual([flagged.precision, flagged.recall, flagged.f1, flagged.far, flagged.mar, flagged.cost],
      ['0.000', DASH, '0.000', '0.600', DASH, '6.00']);
    const note = await healthy.locator('#undefined-rates').textContent();
    assert.match(note, /denominator is 0 .* shows as \u2014/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a device id with </script> and markup stays text', async () => {
  const data = await pageData();
  assert.deepEqual(data.devices, ['pump-0001', 'pump-0002', HOSTILE_DEVICE]);
  assert.equal(await page.locator('#devices b').count(), 0);
  const captions = await page.locator('#devices figcaption').allTextContents();
  assert.ok(captions.some((c) => c.startsWith(`${HOSTILE_DEVICE}: 400 events`)), captions.join('\n'));
});

test('tables show the detectors and NAB scores', async () => {
  const detectors = await page.$$eval('#detector-metrics tr td.name', (tds) => tds.map((t) => t.textContent));
  assert.deepEqual(detectors, ['iforest', 'mahalanobis', 'lstm_ae', 'fused']);
  const nab = await page.$$eval('#nab tr', (trs) => trs.slice(1).map((tr) => tr.textContent));
  assert.deepEqual(nab, ['standard71.4', 'reward_low_FP63.3', 'reward_low_FN78.0']);
});

test('screenshots for a person to look at', async () => {
  mkdirSync(target, { recursive: true });
  await page.click('#jump-best-f1');
  await page.screenshot({ path: path.join(target, 'browser-report-top.png') });
  await page.screenshot({ path: path.join(target, 'browser-report-full.png'), fullPage: true });
  await setSlider(9);
  await page.locator('#sweep').screenshot({ path: path.join(target, 'browser-report-slider-moved.png') });
});
