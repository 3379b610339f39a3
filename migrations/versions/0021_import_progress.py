"""imports run outside the web request, in chunks, with their progress

Revision ID: 0021_import_progress
Revises: 0020_rebook
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021_import_progress'
down_revision = '0020_rebook'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('import_batches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('queued_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('queued_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('rows_done', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('stopped_because', sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_import_batches_queued_by_id_users'), 'users', ['queued_by_id'], ['id']
        )
    # Imports finished before this revision were done in one go.
    op.execute("UPDATE import_batches SET rows_done = row_count WHERE status = 'imported'")


def downgrade():
    with op.batch_alter_table('import_batches', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_import_batches_queued_by_id_users'), type_='foreignkey')
        batch_op.drop_column('stopped_because')
        batch_op.drop_column('heartbeat_at')
        batch_op.drop_column('claimed_by')
        batch_op.drop_column('rows_done')
        batch_op.drop_column('queued_at')
        batch_op.drop_column('queued_by_id')
