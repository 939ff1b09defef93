-- Dialoog on docker compose: roles and databases, made once when the PostgreSQL volume is empty.
--
-- Run by the postgres image's entrypoint (psql as the superuser, ON_ERROR_STOP) from
-- /docker-entrypoint-initdb.d on first start only; later changes of the password variables do not
-- change existing roles (use ALTER ROLE ... PASSWORD for that).
--
-- Mirrors libs/devstack/src/dialoog/devstack/postgres.py:
--   per service a database dialoog_<service> owned by dialoog_<service>_owner (runs migrations),
--   and dialoog_<service>_app (what the service logs in as): neither owner, nor superuser, nor
--   BYPASSRLS, and unable to create roles or databases. The owner's default privileges give the
--   app role SELECT/INSERT/UPDATE/DELETE on new tables and USAGE/SELECT on new sequences, so
--   migrations need not name the app role. Every tenant table has FORCE ROW LEVEL SECURITY
--   (dialoog.kit.rls), set by the migrations themselves.
-- Plus a keycloak role and database, and a temporal role with the temporal and temporal_visibility
-- databases (their schemas are made by the temporal-schema container in docker-compose.yml).
--
-- Passwords are read from the container's environment with psql's \getenv (psql 15+), so none is
-- written in this file; docker-compose.yml passes them in and requires every one of them.
-- Use URL-safe passwords (e.g. `openssl rand -hex 32`): they are also put into database URLs.

\set ON_ERROR_STOP on

-- ---- organisatie --------------------------------------------------------------------------------
\getenv organisatie_owner_password DIALOOG_ORGANISATIE_DB_OWNER_PASSWORD
\if :{?organisatie_owner_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'environment variable DIALOOG_ORGANISATIE_DB_OWNER_PASSWORD is not set'; END $$;
\endif
\getenv organisatie_app_password DIALOOG_ORGANISATIE_DB_APP_PASSWORD
\if :{?organisatie_app_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'environment variable DIALOOG_ORGANISATIE_DB_APP_PASSWORD is not set'; END $$;
\endif
CREATE ROLE dialoog_organisatie_owner LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD :'organisatie_owner_password';
CREATE ROLE dialoog_organisatie_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD :'organisatie_app_password';
CREATE DATABASE dialoog_organisatie OWNER dialoog_organisatie_owner;
REVOKE ALL ON DATABASE dialoog_organisatie FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE dialoog_organisatie TO dialoog_organisatie_owner, dialoog_organisatie_app;
\connect dialoog_organisatie
ALTER SCHEMA public OWNER TO dialoog_organisatie_owner;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO dialoog_organisatie_app;
ALTER DEFAULT PRIVILEGES FOR ROLE dialoog_organisatie_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO dialoog_organisatie_app;
ALTER DEFAULT PRIVILEGES FOR ROLE dialoog_organisatie_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO dialoog_organisatie_app;
\connect postgres

-- ---- portfolio ----------------------------------------------------------------------------------
\getenv portfolio_owner_password DIALOOG_PORTFOLIO_DB_OWNER_PASSWORD
\if :{?portfolio_owner_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'environment variable DIALOOG_PORTFOLIO_DB_OWNER_PASSWORD is not set'; END $$;
\endif
\getenv portfolio_app_password DIALOOG_PORTFOLIO_DB_APP_PASSWORD
\if :{?portfolio_app_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'environment variable DIALOOG_PORTFOLIO_DB_APP_PASSWORD is not set'; END $$;
\endif
CREATE ROLE dialoog_portfolio_owner LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD :'portfolio_owner_password';
CREATE ROLE dialoog_portfolio_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD :'portfolio_app_password';
CREATE DATABASE dialoog_portfolio OWNER dialoog_portfolio_owner;
REVOKE ALL ON DATABASE dialoog_portfolio FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE dialoog_portfolio TO dialoog_portfolio_owner, dialoog_portfolio_app;
\connect dialoog_portfolio
ALTER SCHEMA public OWNER TO dialoog_portfolio_owner;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO dialoog_portfolio_app;
ALTER DEFAULT PRIVILEGES FOR ROLE dialoog_portfolio_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO dialoog_portfolio_app;
ALTER DEFAULT PRIVILEGES FOR ROLE dialoog_portfolio_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO dialoog_portfolio_app;
\connect postgres

-- ---- feedback -----------------------------------------------------------------------------------
\getenv feedback_owner_password DIALOOG_FEEDBACK_DB_OWNER_PASSWORD
\if :{?feedback_owner_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'environment variable DIALOOG_FEEDBACK_DB_OWNER_PASSWORD is not set'; END $$;
\endif
\getenv feedback_app_password DIALOOG_FEEDBACK_DB_APP_PASSWORD
\if :{?feedback_app_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'environment variable DIALOOG_FEEDBACK_DB_APP_PASSWORD is not set'; END $$;
\endif
CREATE ROLE dialoog_feedback_owner LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD :'feedback_owner_password';
CREATE ROLE dialoog_feedback_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD :'feedback_app_password';
CREATE DATABASE dialoog_feedback OWNER dialoog_feedback_owner;
REVOKE ALL ON DATABASE dialoog_feedback FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE dialoog_feedback TO dialoog_feedback_owner, dialoog_feedback_app;
\connect dialoog_feedback
ALTER SCHEMA public OWNER TO dialoog_feedback_owner;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO dialoog_feedback_app;
ALTER DEFAULT PRIVILEGES FOR ROLE dialoog_feedback_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO dialoog_feedback_app;
ALTER DEFAULT PRIVILEGES FOR ROLE dialoog_feedback_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO dialoog_feedback_app;
\connect postgres

-- ---- salaris ------------------------------------------------------------------------------------
\getenv salaris_owner_password DIALOOG_SALARIS_DB_OWNER_PASSWORD
\if :{?salaris_owner_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'environment variable DIALOOG_SALARIS_DB_OWNER_PASSWORD is not set'; END $$;
\endif
\getenv salaris_app_password DIALOOG_SALARIS_DB_APP_PASSWORD
\if :{?salaris_app_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'environment variable DIALOOG_SALARIS_DB_APP_PASSWORD is not set'; END $$;
\endif
CREATE ROLE dialoog_salaris_owner LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD :'salaris_owner_password';
CREATE ROLE dialoog_salaris_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD :'salaris_app_password';
CREATE DATABASE dialoog_salaris OWNER dialoog_salaris_owner;
REVOKE ALL ON DATABASE dialoog_salaris FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE dialoog_salaris TO dialoog_salaris_owner, dialoog_salaris_app;
\connect dialoog_salaris
ALTER SCHEMA public OWNER TO dialoog_salaris_owner;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO dialoog_salaris_app;
ALTER DEFAULT PRIVILEGES FOR ROLE dialoog_salaris_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO dialoog_salaris_app;
ALTER DEFAULT PRIVILEGES FOR ROLE dialoog_salaris_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO dialoog_salaris_app;
\connect postgres

-- ---- notificaties -------------------------------------------------------------------------------
\getenv notificaties_owner_password DIALOOG_NOTIFICATIES_DB_OWNER_PASSWORD
\if :{?notificaties_owner_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'environment variable DIALOOG_NOTIFICATIES_DB_OWNER_PASSWORD is not set'; END $$;
\endif
\getenv notificaties_app_password DIALOOG_NOTIFICATIES_DB_APP_PASSWORD
\if :{?notificaties_app_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'environment variable DIALOOG_NOTIFICATIES_DB_APP_PASSWORD is not set'; END $$;
\endif
CREATE ROLE dialoog_notificaties_owner LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD :'notificaties_owner_password';
CREATE ROLE dialoog_notificaties_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD :'notificaties_app_password';
CREATE DATABASE dialoog_notificaties OWNER dialoog_notificaties_owner;
REVOKE ALL ON DATABASE dialoog_notificaties FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE dialoog_notificaties TO dialoog_notificaties_owner, dialoog_notificaties_app;
\connect dialoog_notificaties
ALTER SCHEMA public OWNER TO dialoog_notificaties_owner;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO dialoog_notificaties_app;
ALTER DEFAULT PRIVILEGES FOR ROLE dialoog_notificaties_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO dialoog_notificaties_app;
ALTER DEFAULT PRIVILEGES FOR ROLE dialoog_notificaties_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO dialoog_notificaties_app;
\connect postgres

-- ---- portal -------------------------------------------------------------------------------------
\getenv portal_owner_password DIALOOG_PORTAL_DB_OWNER_PASSWORD
\if :{?portal_owner_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'environment variable DIALOOG_PORTAL_DB_OWNER_PASSWORD is not set'; END $$;
\endif
\getenv portal_app_password DIALOOG_PORTAL_DB_APP_PASSWORD
\if :{?portal_app_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'environment variable DIALOOG_PORTAL_DB_APP_PASSWORD is not set'; END $$;
\endif
CREATE ROLE dialoog_portal_owner LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD :'portal_owner_password';
CREATE ROLE dialoog_portal_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD :'portal_app_password';
CREATE DATABASE dialoog_portal OWNER dialoog_portal_owner;
REVOKE ALL ON DATABASE dialoog_portal FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE dialoog_portal TO dialoog_portal_owner, dialoog_portal_app;
\connect dialoog_portal
ALTER SCHEMA public OWNER TO dialoog_portal_owner;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO dialoog_portal_app;
ALTER DEFAULT PRIVILEGES FOR ROLE dialoog_portal_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO dialoog_portal_app;
ALTER DEFAULT PRIVILEGES FOR ROLE dialoog_portal_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO dialoog_portal_app;
\connect postgres

-- ---- keycloak -----------------------------------------------------------------------------------
\getenv keycloak_password KEYCLOAK_DB_PASSWORD
\if :{?keycloak_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'environment variable KEYCLOAK_DB_PASSWORD is not set'; END $$;
\endif
CREATE ROLE keycloak LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD :'keycloak_password';
CREATE DATABASE keycloak OWNER keycloak;
REVOKE ALL ON DATABASE keycloak FROM PUBLIC;

-- ---- temporal -----------------------------------------------------------------------------------
\getenv temporal_password TEMPORAL_DB_PASSWORD
\if :{?temporal_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'environment variable TEMPORAL_DB_PASSWORD is not set'; END $$;
\endif
CREATE ROLE temporal LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD :'temporal_password';
CREATE DATABASE temporal OWNER temporal;
CREATE DATABASE temporal_visibility OWNER temporal;
REVOKE ALL ON DATABASE temporal FROM PUBLIC;
REVOKE ALL ON DATABASE temporal_visibility FROM PUBLIC;
