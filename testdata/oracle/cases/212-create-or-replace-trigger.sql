-- oracle: CREATE OR REPLACE TRIGGER (existing trigger)
CREATE OR REPLACE TRIGGER accounts_touch BEFORE INSERT OR UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
