-- Where a stream's server recording is on its way to the blob store: NULL (none yet), pending
-- (being uploaded, retried with a bound), stored (recording_url points at it), failed (the upload
-- gave up; the file stays on local disk and is retried at the next start).
ALTER TABLE streams ADD COLUMN IF NOT EXISTS recording_state VARCHAR(16) NULL;
