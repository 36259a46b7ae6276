using System.Data;
using Dapper;

namespace KaPlatform.Opportunities.Api.Common;

/// <summary>Dapper does not map PostgreSQL date onto DateOnly by itself; Npgsql does, given the value.</summary>
internal sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
{
    public override void SetValue(IDbDataParameter parameter, DateOnly value)
    {
        parameter.DbType = DbType.Date;
        parameter.Value = value;
    }

    public override DateOnly Parse(object value) => value switch
    {
        DateOnly date => date,
        DateTime time => DateOnly.FromDateTime(time),
        _ => DateOnly.Parse(value.ToString()!, System.Globalization.CultureInfo.InvariantCulture),
    };
}
