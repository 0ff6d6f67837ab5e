-- External identities (issue 12): an external issuer's (issuer, subject) maps to its own local user,
-- so an RS256 token whose `sub` equals a local user's id never acts as that user. Users provisioned
-- before this migration (whose id was the subject) keep their id under the issuer '' ("unknown,
-- from before 0012"), which the resolver falls back to for a subject not yet mapped.
CREATE TABLE IF NOT EXISTS external_identities (
  issuer TEXT NOT NULL,
  subject TEXT NOT NULL,
  user_id TEXT NOT NULL UNIQUE REFERENCES users (id),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (issuer, subject)
);
INSERT OR IGNORE INTO external_identities (issuer, subject, user_id, created_at)
  SELECT '', id, id, created_at FROM users WHERE origin = 'external';
