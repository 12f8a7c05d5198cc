// Churn retention check against the real server: peers join, publish, consume and leave (half of them politely,
// half by dropping their WebSocket as a crashed tab would); afterwards the server must hold nothing of them. Checked the way an operator would: the object gauges of /metrics are back to 0, the
// generator's churn memory report has its three samples (taken right after a full GC induced in the server),
// and a heap snapshot (bench/VibezLive.HeapDiff) finds no live string containing the run's room ids, while it
// does find a string the server must keep (the control, so that an empty answer is meaningful).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { runDotnet } from '../lib/dotnet-process.mjs';
import { startLoadTestServer } from './real-server.mjs';

async function liveStrings(pid, text, dir) {
  const json = path.join(dir, `snapshot-${text.replace(/\W/g, '_')}.json`);
  const { code, out } = await runDotnet('bench/VibezLive.HeapDiff', ['snapshot', String(pid), json, '--strings', text], 60000);
  assert.equal(code, 0, `heap snapshot failed (${code}):\n${out}`);
  const snapshot = JSON.parse(await readFile(json, 'utf8'));
  return { count: snapshot.MatchingStrings, snapshot, out };
}

test('churn against the real server: every room, peer and media object is released', { timeout: 150000 }, async () => {
  const { server, dir } = await startLoadTestServer('vibez-churn-');
  const prefix = `retention${randomBytes(4).toString('hex')}`;
  try {
    const json = path.join(dir, 'report.json');
    const gen = await runDotnet('bench/VibezLive.LoadTest', [
      'churn', '--url', server.baseUrl, '--server-pid', String(server.proc.pid), '--cycles', '24', '--warmup-cycles', '6',
      '--concurrency', '6', '--hold-ms', '400', '--rooms', '3', '--room-prefix', prefix, '--abrupt-percent', '50', '--duration', '90',
      '--quiet', '--json', json], 120000);
    assert.equal(gen.code, 0, `load generator failed (${gen.code}):\n${gen.out}\nserver:\n${server.output()}`);
    const report = JSON.parse(await readFile(json, 'utf8'));
    assert.equal(report.joins.failed, 0, gen.out);
    assert.equal(report.joins.succeeded, 30, gen.out);
    assert.equal(report.metricsBackToZero, true, `object gauges not back to 0:\n${gen.out}`);

    const memory = report.churnMemory;
    assert.deepEqual(memory.samples.map((s) => s.point), ['cold', 'warm', 'end'], gen.out);
    assert.ok(memory.samples.every((s) => s.afterInducedFullGc && s.gcHeapAfterLastGcBytes > 0), gen.out);
    assert.equal(memory.warmupCycles, 6, gen.out);
    assert.equal(memory.measuredCycles, 24, gen.out);
    assert.ok(memory.abruptLeaves >= 10 && memory.abruptLeaves <= 20, `abrupt leaves: ${memory.abruptLeaves}\n${gen.out}`);

    const control = await liveStrings(server.proc.pid, '/healthz', dir);
    assert.ok(control.count > 0, `the control string was not found, the search proves nothing:\n${control.out}`);
    const rooms = await liveStrings(server.proc.pid, prefix, dir);
    assert.equal(rooms.count, 0, `the server still holds the run's room ids:\n${rooms.out}`);
    assert.ok(rooms.snapshot.Gc.LiveBytes > 0 && rooms.snapshot.Rss.TotalBytes > rooms.snapshot.Gc.LiveBytes, rooms.out);
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
