-- CreateTable
CREATE TABLE "SchoolHolidayYear" (
    "region" TEXT NOT NULL,
    "schoolYear" TEXT NOT NULL,
    "holidays" JSONB NOT NULL,
    "source" TEXT,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SchoolHolidayYear_pkey" PRIMARY KEY ("region","schoolYear")
);

-- CreateTable
CREATE TABLE "SchoolHolidayRegion" (
    "region" TEXT NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SchoolHolidayRegion_pkey" PRIMARY KEY ("region")
);


-- Seed: the government regions, and regio midden with its school holidays up to the zomervakantie of 2027
-- (domain/calendar-school-holidays-seed.ts, and test/unit/school-holidays.test.ts checks they agree).
INSERT INTO "SchoolHolidayRegion" ("region", "revision", "updatedAt") VALUES ('noord', 0, now()), ('midden', 1, now()), ('zuid', 0, now());
INSERT INTO "SchoolHolidayYear" ("region", "schoolYear", "holidays", "source", "updatedBy", "updatedAt") VALUES ('midden', '2024-2025', '[{"name":"Zomervakantie 2025","from":"2025-07-19","to":"2025-08-31"}]'::jsonb, 'rijksoverheid.nl advies regio midden', 'seed', now());
INSERT INTO "SchoolHolidayYear" ("region", "schoolYear", "holidays", "source", "updatedBy", "updatedAt") VALUES ('midden', '2025-2026', '[{"name":"Herfstvakantie 2025","from":"2025-10-18","to":"2025-10-26"},{"name":"Kerstvakantie 2025","from":"2025-12-20","to":"2026-01-04"},{"name":"Voorjaarsvakantie 2026","from":"2026-02-14","to":"2026-02-22"},{"name":"Meivakantie 2026","from":"2026-04-25","to":"2026-05-03"},{"name":"Zomervakantie 2026","from":"2026-07-18","to":"2026-08-30"}]'::jsonb, 'rijksoverheid.nl advies regio midden', 'seed', now());
INSERT INTO "SchoolHolidayYear" ("region", "schoolYear", "holidays", "source", "updatedBy", "updatedAt") VALUES ('midden', '2026-2027', '[{"name":"Herfstvakantie 2026","from":"2026-10-17","to":"2026-10-25"},{"name":"Kerstvakantie 2026","from":"2026-12-19","to":"2027-01-03"},{"name":"Voorjaarsvakantie 2027","from":"2027-02-20","to":"2027-02-28"},{"name":"Meivakantie 2027","from":"2027-04-24","to":"2027-05-02"},{"name":"Zomervakantie 2027","from":"2027-07-17","to":"2027-08-29"}]'::jsonb, 'rijksoverheid.nl advies regio midden', 'seed', now());
