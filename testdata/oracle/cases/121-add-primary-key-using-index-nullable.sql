-- oracle: ADD PRIMARY KEY USING INDEX on a nullable column
ALTER TABLE payments ADD CONSTRAINT payments_pkey PRIMARY KEY USING INDEX payments_ref_uidx;
