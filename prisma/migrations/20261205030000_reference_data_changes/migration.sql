-- Every change to the reference data a new case reads (region policies, school holidays, assignment
-- rules) notifies channel `reference_data` when its transaction commits, whoever wrote it (the API,
-- a seed, psql): the worker's cache of them (prisma/reference-data.ts) forgets what it holds.
-- The body is an escaped string with \073 for each semicolon: the pg adapter that runs migrations
-- for the JavaScript schema engine splits a script on every semicolon, dollar quotes included.
CREATE FUNCTION "reference_data_changed"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN PERFORM pg_notify(''reference_data'', TG_TABLE_NAME)\073 RETURN NULL\073 END';

CREATE TRIGGER "RegionPolicy_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "RegionPolicy" FOR EACH STATEMENT EXECUTE FUNCTION "reference_data_changed"();

CREATE TRIGGER "SchoolHolidayYear_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "SchoolHolidayYear" FOR EACH STATEMENT EXECUTE FUNCTION "reference_data_changed"();

CREATE TRIGGER "SchoolHolidayRegion_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "SchoolHolidayRegion" FOR EACH STATEMENT EXECUTE FUNCTION "reference_data_changed"();

CREATE TRIGGER "AssignmentRule_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "AssignmentRule" FOR EACH STATEMENT EXECUTE FUNCTION "reference_data_changed"();
