import type { Knex } from 'knex';
import { APP_ROLE } from '../src/db/tenant-tx.ts';

// The role is cluster-wide, so several databases (tests, tenants' replicas) share it:
// create it once, tolerate a concurrent creator, and never drop it on rollback.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    do $$ begin
      create role ${APP_ROLE} nologin noinherit;
    exception when duplicate_object or unique_violation then null;
    end $$`);
  // PostgreSQL 15 lets a role SET ROLE only to roles it is a member of.
  await knex.raw(`do $$ begin execute format('grant ${APP_ROLE} to %I', current_user); end $$`);
  await knex.raw(`grant usage on schema public to ${APP_ROLE}`);
  await knex.raw(`alter default privileges in schema public grant select, insert, update, delete on tables to ${APP_ROLE}`);
  await knex.raw(`alter default privileges in schema public grant usage, select on sequences to ${APP_ROLE}`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`alter default privileges in schema public revoke select, insert, update, delete on tables from ${APP_ROLE}`);
  await knex.raw(`alter default privileges in schema public revoke usage, select on sequences from ${APP_ROLE}`);
  await knex.raw(`revoke usage on schema public from ${APP_ROLE}`);
}
