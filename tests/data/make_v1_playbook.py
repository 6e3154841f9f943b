"""Write v1-playbook.journey: a playbook as schema version 1 stored it (kept for migration tests).

Version 1 had no buyer questions, stage content, reviewer name or snapshots.
Run once from this folder: python make_v1_playbook.py
"""

import sqlite3
from pathlib import Path

V1_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE phases (id TEXT PRIMARY KEY, name TEXT NOT NULL, position INTEGER NOT NULL);
CREATE TABLE lanes (id TEXT PRIMARY KEY, name TEXT NOT NULL, color TEXT NOT NULL,
    position INTEGER NOT NULL);
CREATE TABLE stages (id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL,
    phase TEXT NOT NULL, lane TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
    buyer_goal TEXT NOT NULL DEFAULT '', entry_criteria TEXT NOT NULL DEFAULT '',
    exit_criteria TEXT NOT NULL DEFAULT '', expected_days INTEGER, x REAL NOT NULL,
    y REAL NOT NULL, last_reviewed TEXT);
CREATE TABLE handoffs (id TEXT PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL,
    kind TEXT NOT NULL, trigger TEXT NOT NULL DEFAULT '', score_threshold INTEGER,
    qualification TEXT NOT NULL DEFAULT '[]', sla_hours REAL, contact_attempts INTEGER,
    contact_days INTEGER, recycle_to TEXT, target_conversion REAL, definition TEXT);
CREATE TABLE roles (id TEXT PRIMARY KEY, name TEXT NOT NULL, team TEXT,
    position INTEGER NOT NULL);
CREATE TABLE activities (id TEXT PRIMARY KEY, stage TEXT NOT NULL, name TEXT NOT NULL,
    methodology TEXT NOT NULL DEFAULT '', raci TEXT NOT NULL DEFAULT '{}',
    position INTEGER NOT NULL);
CREATE TABLE definitions (id TEXT PRIMARY KEY, term TEXT NOT NULL, text TEXT NOT NULL DEFAULT '',
    examples TEXT NOT NULL DEFAULT '', non_examples TEXT NOT NULL DEFAULT '',
    marketing_signoff TEXT, sales_signoff TEXT, position INTEGER NOT NULL);
"""

# 1246907993 is 0x4A524E59, "JRNY", the application id of every .journey file.

ROWS = """
INSERT INTO meta VALUES ('name', 'Legacy playbook'), ('company', 'Old Co'), ('version', '2025 Q1');
INSERT INTO phases VALUES ('awareness', 'Awareness', 0), ('decision', 'Decision', 1);
INSERT INTO lanes VALUES ('marketing', 'Marketing', '#1f8a9e', 0), ('sales', 'Sales', '#d9822b', 1);
INSERT INTO stages VALUES
 ('visitor', 'Visitor', 'entry', 'awareness', 'marketing', 'Someone reading the blog', '', '',
  '', NULL, 24, 24, NULL),
 ('mql', 'MQL', 'step', 'awareness', 'marketing', '', 'Learn more', 'Score reached',
  'Asked for a demo', 7, 264, 24, '2025-03-01'),
 ('won', 'Won', 'won', 'decision', 'sales', '', '', '', '', NULL, 24, 24, NULL);
INSERT INTO handoffs VALUES
 ('h1', 'visitor', 'mql', 'progression', 'Downloaded guide', 65, '[]', NULL, NULL, NULL, NULL,
  0.1, NULL),
 ('h2', 'mql', 'won', 'cross_team', 'Demo booked', NULL, '["Budget","Authority"]', 24, 6, 14,
  NULL, 0.25, 'def-mql');
INSERT INTO roles VALUES ('sdr', 'SDR', 'sales', 0);
INSERT INTO activities VALUES ('a1', 'mql', 'Call the lead', '- Ask about timing',
 '{"sdr":"A"}', 0);
INSERT INTO definitions VALUES ('def-mql', 'MQL', 'Marketing vouches for it', '', '',
 '{"name":"Ann","date":"2025-01-10"}', NULL, 0);
"""

if __name__ == "__main__":
    path = Path(__file__).with_name("v1-playbook.journey")
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1246907993")
    conn.executescript(V1_SCHEMA + ROWS)
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.execute("VACUUM")
    conn.close()
    print(f"wrote {path}")
