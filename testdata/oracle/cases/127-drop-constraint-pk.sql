-- oracle: DROP CONSTRAINT (primary key, not referenced)
ALTER TABLE bookings DROP CONSTRAINT bookings_pkey;
