// Smoke test of the load generator (bench/VibezLive.LoadTest): the calibrate scenario against its in-process
// ICE/DTLS/SRTP reflector, and the webinar scenario (1 publisher → 3 subscribers) against the real server.
// Both check what a user of the tool reads in its JSON report: packets forwarded, little loss, no failed joins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runDotnet } from '../lib/dotnet-process.mjs';
import { startLoadTestServer } from './real-server.mjs';

const LOADTEST = 'bench/VibezLive.LoadTest';

/** Runs the load generator to completion (bounded) and returns its parsed JSON report. */
async function runLoadTest(args, dir, timeoutMs = 60000) {
  const json = path.join(dir, 'report.json');
  const { code, out } = await runDotnet(LOADTEST, [...args, '--quiet', '--json', json], timeoutMs);
  assert.equal(code, 0, `load generator failed (${code}):\n${out}`);
  return { report: JSON.parse(await readFile(json, 'utf8')), out };
}

test('calibrate: the generator carries media over its own ICE/DTLS/SRTP stack without loss', { timeout: 90000 }, async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'vibez-loadtest-'));
  try {
    const { report, out } = await runLoadTest(['calibrate', '--subscribers', '2', '--duration', '6'], dir);
    assert.equal(report.joins.failed, 0, out);
    assert.equal(report.totals.consumers, 4, out);
    assert.ok(report.totals.forwardedPackets > 200, `too few packets:\n${out}`);
    assert.ok(report.totals.lossPercent < 1, `loss ${report.totals.lossPercent}%:\n${out}`);
    assert.ok(report.totals.delayP50Ms >= 0 && report.totals.delayP50Ms < 50, out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('calibrate with 3% dropped by the reflector: the generator reports that loss and NACKs it', { timeout: 90000 }, async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'vibez-loadtest-'));
  try {
    const { report, out } = await runLoadTest(['calibrate', '--subscribers', '2', '--duration', '6', '--drop-percent', '3'], dir);
    assert.ok(report.totals.lossPercent > 2 && report.totals.lossPercent < 4, `loss ${report.totals.lossPercent}%:\n${out}`);
    assert.ok(report.totals.nacksSent > 0, `no NACKs:\n${out}`);
    assert.ok(report.streams.worstLossPercent > 1, out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('webinar 1 → 3 against the real server: packets forwarded with < 5% loss', { timeout: 120000 }, async () => {
  const { server, dir } = await startLoadTestServer('vibez-loadtest-');
  try {
    const { report, out } = await runLoadTest(
      ['webinar', '--url', server.baseUrl, '--subscribers', '3', '--duration', '15', '--server-pid', String(server.proc.pid)], dir);
    assert.equal(report.joins.failed, 0, `${out}\nserver:\n${server.output()}`);
    assert.equal(report.totals.consumers, 6, out);
    assert.ok(report.totals.forwardedPackets > 300, `too few packets forwarded:\n${out}\nserver:\n${server.output()}`);
    assert.ok(report.totals.lossPercent < 5, `loss ${report.totals.lossPercent}%:\n${out}`);
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
