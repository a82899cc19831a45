using System.Linq.Expressions;
using System.Reflection;
using Linze.BizEnv.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Storage;

namespace Linze.BizEnv.Tests;

/// <summary>
/// SQL Server without a server (issue #17 item 3): every LINQ query the portal compiles while a test runs, on whichever
/// provider the test uses, is compiled again through SQL Server's query pipeline on a <see cref="SqlServerBizEnvDbContext"/>
/// with a connection string that is never opened. That is the translation <c>ToQueryString</c> runs before it prints:
/// a query SQL Server cannot translate throws here, in the page or verb that ran it, and the test fails with the query
/// and SQL Server's reason. Every <see cref="BizEnvFactory"/> portal carries the check, so it covers every query the
/// whole suite reaches (pages, services, command-line verbs, background work). Raw SQL (<c>FromSql</c>, <c>SqlQuery</c>)
/// is provider-specific by nature and is not checked; it runs only in SQLite-only code.
/// </summary>
public sealed class SqlServerTranslationCheck : IQueryExpressionInterceptor
{
    private static readonly Lazy<SqlServerBizEnvDbContext> SqlServer = new(() =>
        new(new DbContextOptionsBuilder<SqlServerBizEnvDbContext>().UseSqlServer("Server=never-opened;Database=BizEnv").Options));

    private static readonly MethodInfo Compile = typeof(IDatabase).GetMethod(nameof(IDatabase.CompileQuery))!;

    private static readonly Lock CompileLock = new();

    private int _translated;

    /// <summary>How many distinct queries this portal had translated for SQL Server.</summary>
    public int Translated => Volatile.Read(ref _translated);

    public Expression QueryCompilationStarting(Expression queryExpression, QueryExpressionEventData eventData)
    {
        try
        {
            // One SQL Server context serves every portal of the run: it is used by one query at a time.
            lock (CompileLock)
            {
                var rebound = new ToSqlServerModel(SqlServer.Value.Model);
                var query = rebound.Visit(queryExpression);
                if (rebound.HasRawSql)
                {
                    return queryExpression;
                }

                var resultType = QueryableElement(query.Type) is { } element ? typeof(IEnumerable<>).MakeGenericType(element) : query.Type;
                Compile.MakeGenericMethod(resultType).Invoke(SqlServer.Value.GetService<IDatabase>(), [query, false]);
            }
        }
        catch (TargetInvocationException ex)
        {
            throw new InvalidOperationException($"SQL Server cannot translate this query: {ex.InnerException?.Message}\n{queryExpression.Print()}", ex.InnerException);
        }

        Interlocked.Increment(ref _translated);
        return queryExpression;
    }

    private static Type? QueryableElement(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IQueryable<>) ? type.GetGenericArguments()[0]
        : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IQueryable<>))?.GetGenericArguments()[0];

    /// <summary>Points the query's roots at the SQL Server model's entity types (the same classes, another provider's model).</summary>
    private sealed class ToSqlServerModel(IModel model) : ExpressionVisitor
    {
        public bool HasRawSql { get; private set; }

        protected override Expression VisitExtension(Expression node)
        {
            switch (node)
            {
                // FromSql and SqlQuery roots (their types are EF internals, so known by name).
                case QueryRootExpression when node.GetType().Name is "FromSqlQueryRootExpression" or "SqlQueryRootExpression":
                    HasRawSql = true;
                    return node;
                case EntityQueryRootExpression root when root.GetType() == typeof(EntityQueryRootExpression):
                    return new EntityQueryRootExpression(model.FindEntityType(root.EntityType.Name)
                        ?? throw new InvalidOperationException($"SQL Server's model has no entity type {root.EntityType.Name}"));
                default:
                    return base.VisitExtension(node);
            }
        }
    }
}
