"""the shared data's version, read once per request to know whether each process's copies are right;
stage changes by stage and date cover the household, for the annual report;
open queue items by due date, for the queue's first page

Revision ID: 0023_perf_indexes
Revises: 0022_session_register
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0023_perf_indexes'
down_revision = '0022_session_register'
branch_labels = None
depends_on = None


def upgrade():
    shared = op.create_table('shared_data_version',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shared_data_version'))
    )
    op.bulk_insert(shared, [{'id': 1, 'version': 0}])
    with op.batch_alter_table('stage_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_stage_changes_stage_started')
        batch_op.create_index('ix_stage_changes_stage_started', ['stage', 'started_on', 'household_id'], unique=False)
    open_items = sa.text("status IN ('new', 'in_progress', 'waiting')")
    with op.batch_alter_table('triage_items', schema=None) as batch_op:
        batch_op.create_index('ix_triage_items_open_due', ['due_on', 'id'], unique=False,
                              sqlite_where=open_items, postgresql_where=open_items)


def downgrade():
    with op.batch_alter_table('triage_items', schema=None) as batch_op:
        batch_op.drop_index('ix_triage_items_open_due')
    with op.batch_alter_table('stage_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_stage_changes_stage_started')
        batch_op.create_index('ix_stage_changes_stage_started', ['stage', 'started_on'], unique=False)
    op.drop_table('shared_data_version')
