/**
 * Every feature the PostgreSQL model describes, once, and athanor's version tables (which an
 * introspection must leave out): introspector.test.ts reads it, the CLI's introspection worker
 * test reads it on both threads.
 */
export const FEATURES_SQL = `
create schema "app space";
create type "app space".mood as enum ('sad', 'ok', 'happy');
create type public.empty_enum as enum ();
create sequence public.counter as integer start with 10 increment by 5 minvalue 5 maxvalue 1000 cache 3 cycle;
create table public.users (
  id bigint generated always as identity (start with 100 increment by 2) primary key,
  email varchar(255) not null,
  name text collate "C",
  created_at timestamp(3) with time zone not null default now(),
  score numeric(12,2) default 0,
  tags text[] default '{}'::text[],
  feeling "app space".mood default 'ok',
  full_name text generated always as (upper(name)) stored,
  constraint users_email_key unique nulls not distinct (email),
  constraint users_score_check check (score >= 0)
);
comment on table public.users is 'People';
comment on column public.users.email is 'Primary e-mail';
create table public.posts (
  id serial,
  author_id bigint,
  title text not null,
  body text,
  deleted_at timestamptz,
  constraint posts_pkey primary key (id),
  constraint posts_author_fk foreign key (author_id) references public.users(id)
    on delete cascade on update set null deferrable initially deferred
);
alter table public.posts add constraint posts_title_check check (length(title) > 0) not valid;
create index posts_title_idx on public.posts (lower(title) desc nulls last, title text_pattern_ops) include (body)
  where deleted_at is null;
create unique index posts_author_title_idx on public.posts using btree (author_id, title) nulls not distinct;
create index posts_body_gin on public.posts using gin (to_tsvector('english', body)) with (fastupdate = off);
create table athanor_version (version_num text primary key);
create table athanor_version_history (id serial primary key, revision text);
`;
