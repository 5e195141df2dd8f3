-- oracle: CREATE TABLE .. INHERITS
CREATE TABLE audit_2025 () INHERITS (audit_log);
