import type { Kysely } from 'kysely';
import { ConflictError, NotFoundError } from '../../http/errors.js';
import { newId } from '../../store/ids.js';
import type { GitChangeRequestsTable, GitRepositoriesTable, GitTables } from '../migration.js';
import type {
  ChangeRequestCheck,
  ChangeRequestComment,
  ChangeRequestReview,
  ChangeRequestState,
  CheckState,
  CheckStatus,
  ReviewState,
} from '../provider.js';

/** The store of the embedded git host's metadata: repositories and change requests. */
export class ChangeRequestStore {
  constructor(
    private readonly db: Kysely<GitTables>,
    private readonly now: () => Date,
  ) {}

  async insertRepository(
    row: Omit<GitRepositoriesTable, 'next_number' | 'created_at'>,
  ): Promise<GitRepositoriesTable> {
    const full = { ...row, next_number: 1, created_at: this.now().toISOString() };
    const existing = await this.findRepository(row.name);
    if (existing) throw new ConflictError(`repository ${row.name} already exists`);
    await this.db.insertInto('git_repositories').values(full).execute();
    return full;
  }

  async deleteRepository(name: string): Promise<void> {
    await this.db.deleteFrom('git_repositories').where('name', '=', name).execute();
  }

  findRepository(name: string): Promise<GitRepositoriesTable | undefined> {
    return this.db.selectFrom('git_repositories').selectAll().where('name', '=', name).executeTakeFirst();
  }

  async repository(name: string): Promise<GitRepositoriesTable> {
    const row = await this.findRepository(name);
    if (!row) throw new NotFoundError(`repository ${name} not found`);
    return row;
  }

  listRepositories(): Promise<GitRepositoriesTable[]> {
    return this.db.selectFrom('git_repositories').selectAll().orderBy('name').execute();
  }

  /** Inserts a change request with the repository's next number. */
  async insertChangeRequest(
    row: Omit<GitChangeRequestsTable, 'id' | 'number' | 'created_at' | 'updated_at'>,
  ): Promise<GitChangeRequestsTable> {
    return this.db.transaction().execute(async (tx) => {
      const counter = await tx
        .updateTable('git_repositories')
        .set((eb) => ({ next_number: eb('next_number', '+', 1) }))
        .where('name', '=', row.repository)
        .returning('next_number')
        .executeTakeFirst();
      if (!counter) throw new NotFoundError(`repository ${row.repository} not found`);
      const at = this.now().toISOString();
      const full: GitChangeRequestsTable = {
        ...row,
        id: newId(),
        number: Number(counter.next_number) - 1,
        created_at: at,
        updated_at: at,
      };
      await tx.insertInto('git_change_requests').values(full).execute();
      return full;
    });
  }

  async changeRequest(repository: string, number: number): Promise<GitChangeRequestsTable> {
    const row = await this.db
      .selectFrom('git_change_requests')
      .selectAll()
      .where('repository', '=', repository)
      .where('number', '=', number)
      .executeTakeFirst();
    if (!row) throw new NotFoundError(`change request ${repository}#${number} not found`);
    return row;
  }

  listChangeRequests(repository: string, state?: ChangeRequestState): Promise<GitChangeRequestsTable[]> {
    let query = this.db.selectFrom('git_change_requests').selectAll().where('repository', '=', repository);
    if (state) query = query.where('state', '=', state);
    return query.orderBy('number', 'desc').execute();
  }

  /** Updates an open change request; 409 when it is no longer open (merged or closed meanwhile). */
  async updateOpen(id: string, changes: Partial<GitChangeRequestsTable>): Promise<void> {
    const result = await this.db
      .updateTable('git_change_requests')
      .set({ ...changes, updated_at: this.now().toISOString() })
      .where('id', '=', id)
      .where('state', '=', 'open')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new ConflictError('the change request is no longer open');
  }

  async addNote(
    changeRequestId: string,
    note: { kind: 'comment' | 'review'; author: string; body: string; reviewState?: ReviewState },
  ): Promise<{ id: string; createdAt: string }> {
    const id = newId();
    const createdAt = this.now().toISOString();
    await this.db
      .insertInto('git_change_request_notes')
      .values({
        id,
        change_request_id: changeRequestId,
        kind: note.kind,
        author: note.author,
        body: note.body,
        review_state: note.reviewState ?? null,
        created_at: createdAt,
      })
      .execute();
    return { id, createdAt };
  }

  /** Comments oldest first, and the latest review of each reviewer. */
  async notes(
    changeRequestId: string,
  ): Promise<{ comments: ChangeRequestComment[]; reviews: ChangeRequestReview[] }> {
    const rows = await this.db
      .selectFrom('git_change_request_notes')
      .selectAll()
      .where('change_request_id', '=', changeRequestId)
      .orderBy('id')
      .execute();
    const latest = new Map<string, ChangeRequestReview>();
    const comments: ChangeRequestComment[] = [];
    for (const row of rows) {
      if (row.kind === 'comment')
        comments.push({ id: row.id, author: row.author, body: row.body, createdAt: row.created_at });
      else
        latest.set(row.author, {
          reviewer: row.author,
          state: row.review_state as ReviewState,
          body: row.body,
          createdAt: row.created_at,
        });
    }
    return { comments, reviews: [...latest.values()] };
  }

  async putCheck(changeRequestId: string, check: ChangeRequestCheck): Promise<ChangeRequestCheck> {
    const updatedAt = this.now().toISOString();
    const values = { status: check.status, summary: check.summary, updated_at: updatedAt };
    await this.db
      .insertInto('git_change_request_checks')
      .values({ change_request_id: changeRequestId, name: check.name, ...values })
      .onConflict((oc) => oc.columns(['change_request_id', 'name']).doUpdateSet(values))
      .execute();
    return { ...check, updatedAt };
  }

  /** The checks (name and state) of every change request of `repository` in `state`, by change-request id — one query. */
  async checkStates(repository: string, state?: ChangeRequestState): Promise<Map<string, CheckState[]>> {
    let query = this.db
      .selectFrom('git_change_request_checks as c')
      .innerJoin('git_change_requests as cr', 'cr.id', 'c.change_request_id')
      .select(['c.change_request_id as id', 'c.name as name', 'c.status as status'])
      .where('cr.repository', '=', repository);
    if (state) query = query.where('cr.state', '=', state);
    const byId = new Map<string, CheckState[]>();
    for (const row of await query.orderBy('c.name').execute()) {
      const list = byId.get(row.id) ?? [];
      list.push({ name: row.name, status: row.status as CheckStatus });
      byId.set(row.id, list);
    }
    return byId;
  }

  async checks(changeRequestId: string): Promise<ChangeRequestCheck[]> {
    const rows = await this.db
      .selectFrom('git_change_request_checks')
      .selectAll()
      .where('change_request_id', '=', changeRequestId)
      .orderBy('name')
      .execute();
    return rows.map((r) => ({
      name: r.name,
      status: r.status as CheckStatus,
      summary: r.summary,
      updatedAt: r.updated_at,
    }));
  }
}
