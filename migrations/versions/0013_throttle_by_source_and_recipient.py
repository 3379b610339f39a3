"""sign-in failures keep a hash of their source; emails from public forms are
marked, and found by recipient, for the per-recipient hourly cap

Revision ID: 0013
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sign_in_failures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_key', sa.String(length=64), nullable=True))
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('from_public_form', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.create_index('ix_outbox_messages_to_created', ['to_address', 'created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_messages_to_created')
        batch_op.drop_column('from_public_form')
    with op.batch_alter_table('sign_in_failures', schema=None) as batch_op:
        batch_op.drop_column('source_key')
