// The BlobStore contract suite (build/tc_blob_contract_tests, GoogleTest) against a real S3 service:
// s3rver, which verifies SigV4 signatures. ctest runs the same suite on local disk.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './harness.mjs';
import { startS3 } from './upload_helpers.mjs';

let s3;
before(async () => { s3 = await startS3(); });
after(async () => { await s3?.stop(); });

test('[s3] the BlobStore contract suite passes on s3rver', async () => {
  const bin = process.env.TC_BLOB_CONTRACT_BIN || join(repoRoot, 'build', 'tc_blob_contract_tests');
  // Asynchronously: s3rver runs in this process, so a blocking spawn would stall it.
  const child = spawn(bin, ['--gtest_filter=Stores/BlobContract.*/s3'], {
    env: { ...process.env, TC_TEST_S3_URL: s3.url, TC_TEST_S3_BUCKET: s3.bucket }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const code = await new Promise((r) => child.on('exit', r));
  assert.equal(code, 0, out);
  assert.match(out, /\[  PASSED  \] 6 tests/, out);
  assert.doesNotMatch(out, /SKIPPED/, out);
});
