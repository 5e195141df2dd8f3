-- oracle: ADD PRIMARY KEY (columns already NOT NULL)
ALTER TABLE payments ADD PRIMARY KEY (id);
