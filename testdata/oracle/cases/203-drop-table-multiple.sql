-- oracle: DROP TABLE a, b
DROP TABLE audit_new, bookings;
