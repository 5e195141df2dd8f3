-- oracle: ADD PRIMARY KEY USING INDEX (column NOT NULL)
ALTER TABLE payments ADD CONSTRAINT payments_pkey PRIMARY KEY USING INDEX payments_id_uidx;
