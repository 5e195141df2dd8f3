-- oracle: ADD COLUMN on an inheritance parent
ALTER TABLE audit_log ADD COLUMN ip inet;
