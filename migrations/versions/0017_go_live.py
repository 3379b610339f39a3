"""going live: the team inbox, when the service opened, retired councils, job runs,
imported households' references, imports and the people they brought in

Revision ID: 0017_go_live
Revises: 0015
"""
import sqlalchemy as sa
from alembic import op

revision = '0017_go_live'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('agency_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('team_inbox', sa.String(length=320), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True))
    # A site already running (set up by hand or by the demo data) stays open.
    op.execute("UPDATE agency_settings SET opened_at = CURRENT_TIMESTAMP")
    with op.batch_alter_table('councils', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('account_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reference', sa.String(length=60), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_households_reference'), ['reference'])
    op.create_table(
        'import_batches',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('file_name', sa.String(length=200), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('imported_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('row_count', sa.Integer(), nullable=False),
        sa.Column('created_count', sa.Integer(), nullable=False),
        sa.Column('updated_count', sa.Integer(), nullable=False),
        sa.Column('unchanged_count', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_import_batches_created_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batches')),
    )
    op.create_table(
        'imported_people',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('batch_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('household_id', sa.Integer(), nullable=True),
        sa.Column('full_name', sa.String(length=200), nullable=False),
        sa.Column('phone', sa.String(length=40), nullable=True),
        sa.Column('row_number', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['batch_id'], ['import_batches.id'], name=op.f('fk_imported_people_batch_id_import_batches')),
        sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_imported_people_household_id_households')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_imported_people_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_imported_people')),
    )
    with op.batch_alter_table('imported_people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_imported_people_batch_id'), ['batch_id'], unique=False)
    op.create_table(
        'job_runs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.Column('last_finished_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_job_runs')),
        sa.UniqueConstraint('name', name=op.f('uq_job_runs_name')),
    )


def downgrade():
    op.drop_table('job_runs')
    op.drop_table('imported_people')
    op.drop_table('import_batches')
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_households_reference'), type_='unique')
        batch_op.drop_column('reference')
    with op.batch_alter_table('account_tokens', schema=None) as batch_op:
        batch_op.drop_column('opened_at')
    with op.batch_alter_table('councils', schema=None) as batch_op:
        batch_op.drop_column('retired_at')
    with op.batch_alter_table('agency_settings', schema=None) as batch_op:
        batch_op.drop_column('opened_at')
        batch_op.drop_column('team_inbox')
