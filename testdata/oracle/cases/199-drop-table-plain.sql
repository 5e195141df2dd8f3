-- oracle: DROP TABLE with no foreign keys
DROP TABLE bookings;
