-- oracle: ADD PRIMARY KEY on a nullable column
ALTER TABLE payments ADD CONSTRAINT payments_pkey PRIMARY KEY (ref);
