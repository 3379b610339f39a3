"""the queue's filter counts grouped in the order of their covering index

Revision ID: 0024_report_speed
Revises: 0023_perf_indexes
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0024_report_speed'
down_revision = '0023_perf_indexes'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('triage_items', schema=None) as batch_op:
        batch_op.drop_index('ix_triage_items_filters')
        batch_op.create_index('ix_triage_items_filter_counts',
                              ['status', 'kind', 'council_id', 'assignee_id', 'due_on'], unique=False)


def downgrade():
    with op.batch_alter_table('triage_items', schema=None) as batch_op:
        batch_op.drop_index('ix_triage_items_filter_counts')
        batch_op.create_index('ix_triage_items_filters',
                              ['status', 'due_on', 'kind', 'council_id', 'assignee_id'], unique=False)
