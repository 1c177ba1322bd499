-- Seed data for the embedded demo CRM. Each special case below is one a real CRM holds and a
-- lookup must survive; the demo connector's tests name them by id.
--
--   C01  three email fields; phone stored "(425) 555-0100"; account A01 with open, won, lost deals
--   C02  mobile stored "+1 425 555 0101"; lead L04 has the same email (the contact must win)
--   C03  phone stored "425.555.0102"; a second email
--   C04  primary email info@northwind.example ...
--   C05  ... which is also C05's second email (two contacts, one address: the chooser)
--   C06  an address with +, _ and ' in it
--   C07, C08, C09, C10, C11, C13  non-ASCII names (Latin diacritics, Polish, Japanese, Cyrillic)
--   C12  a contact with no account
--   L01  an open lead with no contact
--   L02, L11 qualified (converted) and L03 disqualified: never shown
--   O04, O07, O14, ... won and O05, O10, O19, ... lost: never shown as open
--   O29  an open deal with no amount and no close date

INSERT INTO accounts (id, name, industry, website, main_phone, city, country, annual_revenue_minor, currency) VALUES
    ('A01', 'Contoso Pharmaceuticals', 'Healthcare', 'https://contoso.example', '(425) 555-0190', 'Redmond', 'United States', 5200000000, 'USD'),
    ('A02', 'Fabrikam, Inc.', 'Manufacturing', 'https://fabrikam.example', '+1 206 555 0191', 'Seattle', 'United States', 870000000, 'USD'),
    ('A03', 'Northwind Traders', 'Retail', 'https://northwind.example', '503.555.0192', 'Portland', 'United States', 120000000, 'USD'),
    ('A04', 'Adventure Works Cycles', 'Retail', 'https://adventure-works.example', '(312) 555-0193', 'Chicago', 'United States', 64000000, 'USD'),
    ('A05', 'Tailspin Toys', 'Consumer goods', 'https://tailspin.example', '+1 415 555 0194', 'San Francisco', 'United States', 31000000, 'USD'),
    ('A06', 'Wide World Importers', 'Logistics', 'https://wideworld.example', '+44 20 7946 0000', 'London', 'United Kingdom', 410000000, 'GBP'),
    ('A07', 'Litware, Inc.', 'Software', 'https://litware.example', '+46 8 555 0100', 'Stockholm', 'Sweden', 95000000, 'EUR'),
    ('A08', 'Proseware, Inc.', 'Software', 'https://proseware.example', '+48 22 555 01 00', 'Warszawa', 'Poland', 18000000, 'EUR'),
    ('A09', 'Woodgrove Bank', 'Finance', 'https://woodgrove.example', '+353 1 555 0100', 'Dublin', 'Ireland', 2900000000, 'EUR'),
    ('A10', 'Alpine Ski House', 'Hospitality', 'https://alpineskihouse.example', '(970) 555-0195', 'Vail', 'United States', 12000000, 'USD'),
    ('A11', 'Blue Yonder Airlines', 'Travel', 'https://blueyonder.example', '+1 (214) 555-0196', 'Dallas', 'United States', 1400000000, 'USD'),
    ('A12', 'Coho Winery', 'Food & beverage', 'https://cohowinery.example', '707-555-0197', 'Napa', 'United States', 22000000, 'USD'),
    ('A13', 'Fourth Coffee', 'Food & beverage', 'https://fourthcoffee.example', '(206) 555-0198', 'Seattle', 'United States', 8500000, 'USD'),
    ('A14', 'Bäckerei Müller GmbH', 'Food & beverage', 'https://baeckerei-mueller.example', '+49 89 5550100', 'München', 'Germany', 4200000, 'EUR'),
    ('A15', '渡辺商事株式会社 (Watanabe Shōji)', 'Wholesale', 'https://watanabe-shoji.example', '+81 3-5555-0100', '東京', 'Japan', 3000000000, 'JPY');

INSERT INTO contacts (id, first_name, last_name, job_title, email1, email2, email3, business_phone, mobile_phone, home_phone, account_id, city, country) VALUES
    ('C01', 'Ana', 'García', 'Head of Procurement', 'ana.garcia@contoso.example', 'ana@garcia-family.example', 'a.garcia@procurement-guild.example', '(425) 555-0100', NULL, NULL, 'A01', 'Redmond', 'United States'),
    ('C02', 'Ben', 'Okafor', 'IT Director', 'ben.okafor@contoso.example', NULL, NULL, NULL, '+1 425 555 0101', NULL, 'A01', 'Redmond', 'United States'),
    ('C03', 'Chloé', 'Dubois', 'Plant Manager', 'chloe.dubois@fabrikam.example', 'chloe.d@gmail.example', NULL, '425.555.0102', NULL, NULL, 'A02', 'Seattle', 'United States'),
    ('C04', 'Tom', 'Baker', 'Owner', 'info@northwind.example', 'tom@baker-home.example', NULL, '503-555-0103', NULL, NULL, 'A03', 'Portland', 'United States'),
    ('C05', 'Tina', 'Nguyen', 'Store Manager', 'tina.nguyen@northwind.example', 'info@northwind.example', NULL, NULL, '(503) 555-0104', NULL, 'A03', 'Portland', 'United States'),
    ('C06', 'Seán', 'O''Brien', 'Relationship Manager', 'sean.o''brien_ie+support@woodgrove.example', NULL, NULL, '+353 1 555 0105', NULL, NULL, 'A09', 'Dublin', 'Ireland'),
    ('C07', 'Zoë', 'Ångström', 'CTO', 'zoe.angstrom@litware.example', NULL, NULL, '+46 8 555 0106', NULL, NULL, 'A07', 'Stockholm', 'Sweden'),
    ('C08', 'José', 'Núñez', 'Buyer', 'jose.nunez@tailspin.example', NULL, NULL, NULL, '415.555.0107', NULL, 'A05', 'San Francisco', 'United States'),
    ('C09', 'Łukasz', 'Żółkiewski', 'Lead Engineer', 'lukasz.zolkiewski@proseware.example', NULL, NULL, '+48 22 555 01 08', NULL, NULL, 'A08', 'Warszawa', 'Poland'),
    ('C10', '健', '渡辺', '営業部長 (Sales Director)', 'ken.watanabe@watanabe-shoji.example', NULL, NULL, '+81 3-5555-0109', NULL, NULL, 'A15', '東京', 'Japan'),
    ('C11', 'Ольга', 'Смирнова', 'Logistics Coordinator', 'olga.smirnova@wideworld.example', NULL, NULL, '+44 20 7946 0110', NULL, NULL, 'A06', 'London', 'United Kingdom'),
    ('C12', 'Maya', 'Patel', 'Freelance Designer', 'maya@patel-design.example', NULL, NULL, NULL, '(206) 555-0112', NULL, NULL, 'Seattle', 'United States'),
    ('C13', 'Jürgen', 'Müller', 'Geschäftsführer', 'juergen@baeckerei-mueller.example', NULL, NULL, '+49 89 5550113', NULL, NULL, 'A14', 'München', 'Germany'),
    ('C14', 'Liam', 'Smith', 'Account Manager', 'liam.smith@contoso.example', NULL, NULL, '(425) 555-0200', NULL, NULL, 'A01', 'Redmond', 'United States'),
    ('C15', 'Olivia', 'Johnson', 'Operations Lead', 'olivia.johnson@fabrikam.example', NULL, NULL, NULL, '+1 206 555 0201', NULL, 'A02', 'Seattle', 'United States'),
    ('C16', 'Noah', 'Williams', 'Finance Manager', 'noah.williams@northwind.example', NULL, NULL, '503.555.0202', NULL, NULL, 'A03', 'Portland', 'United States'),
    ('C17', 'Emma', 'Brown', 'Support Lead', 'emma.brown@adventure-works.example', NULL, NULL, NULL, '312-555-0203', NULL, 'A04', 'Chicago', 'United States'),
    ('C18', 'Oliver', 'Jones', 'Engineer', 'oliver.jones@tailspin.example', NULL, NULL, '(415) 555-0204', NULL, NULL, 'A05', 'San Francisco', 'United States'),
    ('C19', 'Ava', 'Miller', 'Office Manager', 'ava.miller@alpineskihouse.example', NULL, NULL, NULL, '+1 970 555 0205', NULL, 'A10', 'Vail', 'United States'),
    ('C20', 'Elijah', 'Davis', 'VP Sales', 'elijah.davis@blueyonder.example', NULL, NULL, '214.555.0206', NULL, NULL, 'A11', 'Dallas', 'United States'),
    ('C21', 'Sophia', 'Wilson', 'Analyst', 'sophia.wilson@cohowinery.example', NULL, NULL, NULL, '707-555-0207', NULL, 'A12', 'Napa', 'United States'),
    ('C22', 'James', 'Anderson', 'Account Manager', 'james.anderson@fourthcoffee.example', NULL, NULL, '(425) 555-0208', NULL, NULL, 'A13', 'Seattle', 'United States'),
    ('C23', 'Isabella', 'Taylor', 'Operations Lead', 'isabella.taylor@contoso.example', NULL, NULL, NULL, '+1 206 555 0209', NULL, 'A01', 'Redmond', 'United States'),
    ('C24', 'William', 'Thomas', 'Finance Manager', 'william.thomas@fabrikam.example', NULL, NULL, '503.555.0210', NULL, NULL, 'A02', 'Seattle', 'United States'),
    ('C25', 'Mia', 'Moore', 'Support Lead', 'mia.moore@northwind.example', NULL, NULL, NULL, '312-555-0211', NULL, 'A03', 'Portland', 'United States'),
    ('C26', 'Henry', 'Jackson', 'Engineer', 'henry.jackson@adventure-works.example', NULL, NULL, '(415) 555-0212', NULL, NULL, 'A04', 'Chicago', 'United States'),
    ('C27', 'Amelia', 'Martin', 'Office Manager', 'amelia.martin@tailspin.example', NULL, NULL, NULL, '+1 970 555 0213', NULL, 'A05', 'San Francisco', 'United States'),
    ('C28', 'Lucas', 'Lee', 'VP Sales', 'lucas.lee@alpineskihouse.example', NULL, NULL, '214.555.0214', NULL, NULL, 'A10', 'Vail', 'United States'),
    ('C29', 'Harper', 'Thompson', 'Analyst', 'harper.thompson@blueyonder.example', NULL, NULL, NULL, '707-555-0215', NULL, 'A11', 'Dallas', 'United States'),
    ('C30', 'Theo', 'White', 'Account Manager', 'theo.white@cohowinery.example', NULL, NULL, '(425) 555-0216', NULL, NULL, 'A12', 'Napa', 'United States'),
    ('C31', 'Evelyn', 'Harris', 'Operations Lead', 'evelyn.harris@fourthcoffee.example', NULL, NULL, NULL, '+1 206 555 0217', NULL, 'A13', 'Seattle', 'United States'),
    ('C32', 'Jack', 'Clark', 'Finance Manager', 'jack.clark@contoso.example', NULL, NULL, '503.555.0218', NULL, NULL, 'A01', 'Redmond', 'United States'),
    ('C33', 'Abigail', 'Lewis', 'Support Lead', 'abigail.lewis@fabrikam.example', NULL, NULL, NULL, '312-555-0219', NULL, 'A02', 'Seattle', 'United States'),
    ('C34', 'Leo', 'Robinson', 'Engineer', 'leo.robinson@northwind.example', NULL, NULL, '(415) 555-0220', NULL, NULL, 'A03', 'Portland', 'United States'),
    ('C35', 'Ella', 'Walker', 'Office Manager', 'ella.walker@adventure-works.example', NULL, NULL, NULL, '+1 970 555 0221', NULL, 'A04', 'Chicago', 'United States'),
    ('C36', 'Mateo', 'Young', 'VP Sales', 'mateo.young@tailspin.example', NULL, NULL, '214.555.0222', NULL, NULL, 'A05', 'San Francisco', 'United States'),
    ('C37', 'Scarlett', 'Allen', 'Analyst', 'scarlett.allen@alpineskihouse.example', NULL, NULL, NULL, '707-555-0223', NULL, 'A10', 'Vail', 'United States'),
    ('C38', 'Ezra', 'King', 'Account Manager', 'ezra.king@blueyonder.example', NULL, NULL, '(425) 555-0224', NULL, NULL, 'A11', 'Dallas', 'United States'),
    ('C39', 'Grace', 'Wright', 'Operations Lead', 'grace.wright@cohowinery.example', NULL, NULL, NULL, '+1 206 555 0225', NULL, 'A12', 'Napa', 'United States'),
    ('C40', 'Hudson', 'Scott', 'Finance Manager', 'hudson.scott@fourthcoffee.example', NULL, NULL, '503.555.0226', NULL, NULL, 'A13', 'Seattle', 'United States'),
    ('C41', 'Nora', 'Hill', 'Support Lead', 'nora.hill@contoso.example', NULL, NULL, NULL, '312-555-0227', NULL, 'A01', 'Redmond', 'United States'),
    ('C42', 'Kai', 'Green', 'Engineer', 'kai.green@fabrikam.example', NULL, NULL, '(415) 555-0228', NULL, NULL, 'A02', 'Seattle', 'United States');

INSERT INTO leads (id, first_name, last_name, company, job_title, email1, email2, business_phone, mobile_phone, status, source) VALUES
    ('L01', 'Priya', 'Raman', 'Startup Labs', 'Founder', 'priya@startuplabs.example', NULL, NULL, '+1 (206) 555-0142', 'open', 'Web form'),
    ('L02', 'Omar', 'Haddad', 'Haddad Consulting', 'Principal', 'omar@haddad.example', NULL, '(312) 555-0143', NULL, 'qualified', 'Trade show'),
    ('L03', 'Greta', 'Lindqvist', 'Lindqvist AB', 'CEO', 'greta@lindqvist.example', NULL, NULL, '+46 8 555 0144', 'disqualified', 'Cold call'),
    ('L04', 'Ben', 'Okafor', 'Contoso Pharmaceuticals', 'IT Director', 'ben.okafor@contoso.example', NULL, NULL, NULL, 'open', 'Web form'),
    ('L05', 'Mei', 'Chen', 'Chen Robotics', 'CTO', 'mei@chenrobotics.example', 'mei.chen@gmail.example', '(415) 555-0145', NULL, 'open', 'Partner referral'),
    ('L06', 'Rafael', 'Souza', 'Souza Alimentos', 'Compras', 'rafael@souza-alimentos.example', NULL, '+55 11 5555-0146', NULL, 'open', 'Web form'),
    ('L07', 'Aisha', 'Bello', 'Bello Logistics', 'Operations', 'aisha@bellologistics.example', NULL, NULL, '503.555.0147', 'open', 'Webinar'),
    ('L08', 'Dmitri', 'Volkov', 'Volkov Studio', 'Owner', 'dmitri@volkovstudio.example', NULL, NULL, '(970) 555-0148', 'open', 'Web form'),
    ('L09', 'Hannah', 'Schmidt', 'Schmidt & Söhne', 'Einkauf', 'hannah@schmidt-soehne.example', NULL, '+49 89 5550149', NULL, 'open', 'Trade show'),
    ('L10', 'Lucas', 'Martin', 'Martin Vins', 'Gérant', 'lucas@martin-vins.example', NULL, NULL, '+33 1 55 55 01 50', 'open', 'Partner referral'),
    ('L11', 'Yuki', 'Tanaka', 'Tanaka Design', 'Designer', 'yuki@tanaka-design.example', NULL, NULL, '+81 90-5555-0151', 'qualified', 'Web form');

INSERT INTO opportunities (id, name, account_id, contact_id, amount_minor, currency, stage, probability, close_date, state) VALUES
    ('O01', 'Lab equipment renewal', 'A01', 'C01', 4800000, 'USD', 'Propose', 60, '2027-01-15', 'open'),
    ('O02', 'Cold-chain sensors', 'A01', NULL, 12500000, 'USD', 'Qualify', 30, '2026-12-20', 'open'),
    ('O03', 'Training services', 'A01', 'C02', 950000, 'USD', 'Develop', 40, '2027-03-31', 'open'),
    ('O04', '2025 service contract', 'A01', 'C01', 7200000, 'USD', 'Closed won', 100, '2025-11-30', 'won'),
    ('O05', 'Warehouse robots', 'A01', NULL, 30000000, 'USD', 'Closed lost', 0, '2026-06-30', 'lost'),
    ('O06', 'Assembly line retrofit', 'A02', 'C03', 21000000, 'USD', 'Propose', 55, '2027-02-28', 'open'),
    ('O07', 'Spare parts framework', 'A02', NULL, 3400000, 'USD', 'Closed won', 100, '2026-09-01', 'won'),
    ('O08', 'Point-of-sale upgrade', 'A03', 'C04', 1800000, 'USD', 'Qualify', 25, '2027-01-31', 'open'),
    ('O09', 'Loyalty program', 'A03', 'C05', 640000, 'USD', 'Develop', 45, '2026-12-31', 'open'),
    ('O10', 'Spring catalogue', 'A04', NULL, 520000, 'USD', 'Closed lost', 0, '2026-04-15', 'lost'),
    ('O11', 'E-bike fleet', 'A04', NULL, 8900000, 'USD', 'Propose', 70, '2027-04-30', 'open'),
    ('O12', 'Holiday display stands', 'A05', 'C08', 275000, 'USD', 'Develop', 50, '2026-12-05', 'open'),
    ('O13', 'Cross-dock automation', 'A06', 'C11', 6600000, 'GBP', 'Qualify', 20, '2027-06-30', 'open'),
    ('O14', 'Freight analytics', 'A06', NULL, 1200000, 'GBP', 'Closed won', 100, '2026-08-15', 'won'),
    ('O15', 'Platform licences', 'A07', 'C07', 3950000, 'EUR', 'Propose', 65, '2027-01-10', 'open'),
    ('O16', 'Support plan', 'A07', NULL, 480000, 'EUR', 'Develop', 50, '2027-02-15', 'open'),
    ('O17', 'QA tooling', 'A08', 'C09', 1150000, 'EUR', 'Qualify', 30, '2027-03-01', 'open'),
    ('O18', 'Branch kiosks', 'A09', 'C06', 18500000, 'EUR', 'Propose', 60, '2027-05-31', 'open'),
    ('O19', 'Fraud analytics pilot', 'A09', NULL, 2500000, 'EUR', 'Closed lost', 0, '2026-07-31', 'lost'),
    ('O20', 'Season pass system', 'A10', NULL, 760000, 'USD', 'Develop', 40, '2026-12-15', 'open'),
    ('O21', 'Lounge Wi-Fi', 'A11', NULL, 2300000, 'USD', 'Qualify', 35, '2027-02-01', 'open'),
    ('O22', 'Crew scheduling', 'A11', NULL, 9800000, 'USD', 'Closed won', 100, '2026-10-10', 'won'),
    ('O23', 'Cellar sensors', 'A12', NULL, 185000, 'USD', 'Propose', 75, '2026-12-10', 'open'),
    ('O24', 'Espresso machines', 'A13', NULL, 340000, 'USD', 'Develop', 50, '2027-01-20', 'open'),
    ('O25', 'Ofenmodernisierung', 'A14', 'C13', 4500000, 'EUR', 'Propose', 60, '2027-03-15', 'open'),
    ('O26', '物流システム刷新 (Logistics system)', 'A15', 'C10', 48000000, 'JPY', 'Qualify', 30, '2027-04-01', 'open'),
    ('O27', 'Mobile app', 'A05', NULL, 1600000, 'USD', 'Closed lost', 0, '2026-05-20', 'lost'),
    ('O28', 'Security audit', 'A09', 'C06', 900000, 'EUR', 'Closed won', 100, '2026-03-31', 'won'),
    ('O29', 'Data warehouse', 'A02', NULL, NULL, 'USD', 'Qualify', 10, NULL, 'open'),
    ('O30', 'Packaging redesign', 'A12', NULL, 420000, 'USD', 'Closed won', 100, '2026-02-14', 'won'),
    ('O31', 'Regional expansion', 'A01', NULL, 27500000, 'USD', 'Closed won', 100, '2026-10-01', 'won');

INSERT INTO activities (id, type, contact_id, lead_id, account_id, subject, description, channel, direction, duration_minutes, status, owner, logged_at) VALUES
    ('T01', 'phone_call', 'C01', NULL, 'A01', 'Renewal pricing questions', 'Wants the 3-year price before the board meets.', 'phone', 'Inbound', 12, 'Completed', 'Dana Support', '2026-11-20T15:04:00Z'),
    ('T02', 'task', 'C01', NULL, 'A01', 'Send the signed quote', NULL, 'email', NULL, NULL, 'Completed', 'Dana Support', '2026-11-24T09:30:00Z'),
    ('T03', 'phone_call', NULL, 'L01', NULL, 'Intro call', 'Interested in the starter plan.', 'phone', 'Outbound', 7, 'Completed', 'Sam Sales', '2026-11-18T17:45:00Z');
